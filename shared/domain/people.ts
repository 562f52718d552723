/** Who acts: the signed-in user, their role, and the device they act from. */

export const ROLES = ['technician', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  userId: string;
  role: Role;
  deviceId: string;
}
