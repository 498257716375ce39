import type { AuditedChanges } from '../../audit/audited-changes';
import type { Handlers } from '../../ipc/ipc-router';
import type { SessionService } from '../../session/session-service';

export function sessionHandlers({
  session,
  changes,
}: {
  session: SessionService;
  changes: AuditedChanges;
}): Handlers<'session.get' | 'session.signIn' | 'session.signOut'> {
  return {
    'session.get': () => session.info(),
    'session.signIn': async ({ username, password }) => {
      const info = await session.signIn(username, password);
      changes.record('session.signIn', null, { role: info.user.role }, info.user.id);
      return info;
    },
    'session.signOut': async () => {
      const user = session.info()?.user.id ?? null;
      await session.signOut();
      if (user) changes.record('session.signOut', null, {}, user);
      return null;
    },
  };
}
