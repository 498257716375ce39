/**
 * The citizens of the local test provider (demo and tests only). Their AFMs carry a valid check
 * digit; the passwords are printed by the demo, so nothing here is a secret.
 */
export interface DemoCitizen {
  username: string;
  password: string;
  afm: string;
  givenName: string;
  familyName: string;
}

export const DEMO_CITIZENS: readonly DemoCitizen[] = [
  { username: 'maria', password: 'maria-2026', afm: '090584138', givenName: 'Μαρία', familyName: 'Αλεξίου' },
  { username: 'giorgos', password: 'giorgos-2026', afm: '135724681', givenName: 'Γιώργος', familyName: 'Νικολάου' },
  { username: 'eleni', password: 'eleni-2026', afm: '246813570', givenName: 'Ελένη', familyName: 'Μακρή' },
  { username: 'nikos', password: 'nikos-2026', afm: '112233441', givenName: 'Νίκος', familyName: 'Αντωνίου' },
];

/** The claims the provider serves for a citizen, named as gov.gr's would be read by the hub's defaults. */
export function citizenClaims(citizen: DemoCitizen): Record<string, string> {
  return { sub: citizen.username, afm: citizen.afm, given_name: citizen.givenName, family_name: citizen.familyName };
}
