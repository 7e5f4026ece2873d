import type { RoleName } from '../model/views.js';

/** The signed-in user of a request. */
export interface Viewer {
  id: number;
  username: string;
  role: RoleName;
  tokenHash: string;
}

export const isModerator = (viewer: Viewer) => viewer.role === 'MODERATOR' || viewer.role === 'ADMIN';
export const isAdmin = (viewer: Viewer) => viewer.role === 'ADMIN';
