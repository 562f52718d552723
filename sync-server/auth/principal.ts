import type { SiteScope } from '../store/documents';
import type { UserRecord } from '../store/accounts';

/** Who is making a request: the signed-in user, on which device, seeing which sites. */
export interface Principal {
  user: UserRecord;
  deviceId: string;
  tokenHash: string;
  scope: SiteScope;
}
