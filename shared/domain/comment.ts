export interface IssueComment {
  id: string;
  issueId: string;
  author: string;
  deviceId: string;
  body: string;
  createdAt: number;
}
