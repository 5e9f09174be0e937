namespace FlowAdmin.Web.Components.Account;

/// <summary>Marker for the Account pages' strings (sign-in, two-factor, password).</summary>
public sealed class AccountText;
