// What the privilege names of a KS mean. Names: the PRIVILEGE_* constants of kaltura/server
// infra/general/kSessionBase.class.php; widget sessions: session.startWidgetSession
// (SessionService) gives "view:*,widget:1"; appToken.startSession adds sessionid and apptoken.
export const PRIVILEGES = {
  "*": "every privilege (v2 shows all:* as *)",
  all: "every privilege",
  view: "may view entries; * means all of them (widget sessions get view:*)",
  widget: "marks a widget session (with session type USER and no user id, the server's isWidgetSession)",
  sview: "may view these entries even when entitlement restricts them",
  edit: "may edit these entries",
  list: "lists entries without the user filter",
  download: "may download these entries",
  downloadasset: "may download these flavor assets; makes the KS deterministic (rand = expiry)",
  editplaylist: "may edit the entries of these playlists",
  sviewplaylist: "may view the entries of these playlists",
  actionslimit: "the KS may be used for at most this many calls",
  setrole: "calls run with this role's permissions instead of the user's",
  limitentry: "only these entries may be used",
  iprestrict: "only from this IP address",
  urirestrict: "only for these request URIs",
  enableentitlement: "entitlement checks on, whatever the partner's default",
  disableentitlement: "entitlement checks off",
  disableentitlementforentry: "entitlement checks off for these entries",
  disableentitlementforplaylist: "entitlement checks off for these playlists",
  privacycontext: "the category privacy context for entitlement",
  enablecategorymoderation: "category moderation on",
  reftime: "reference time for scheduling checks",
  sessionkey: "a session key",
  preview: "may preview up to this many bytes",
  sessionid: "the session id (set by appToken.startSession)",
  jobtype: "batch job type",
  apptoken: "the app token this KS was started from (appToken.startSession)",
  enablechangeaccount: "may switch to these partner accounts",
};

/** [{name, values, meaning}] of a privileges string, split like kSessionBase::parsePrivileges. */
export function explainPrivileges(privileges) {
  if (!privileges) return [];
  return privileges.split(",").map((item) => {
    const i = item.indexOf(":");
    const name = i < 0 ? item : item.slice(0, i);
    const values = i < 0 ? "" : item.slice(i + 1);
    return { name, values, meaning: PRIVILEGES[name.trim()] ?? "not a privilege the server names" };
  });
}
