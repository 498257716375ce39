/** What a person signed in at a KEP workstation may do: least privilege, one role each. */
export const ROLES = ['employee', 'supervisor', 'it-admin'] as const;
export type Role = (typeof ROLES)[number];
