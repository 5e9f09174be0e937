namespace FlowAdmin.Web.Features.Users;

/// <summary>Marker for the Usuários screen's strings.</summary>
public sealed class UsersText;
