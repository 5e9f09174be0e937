namespace FlowAdmin.Web.Features.ApiKeys;

public sealed class ApiKeysText;
