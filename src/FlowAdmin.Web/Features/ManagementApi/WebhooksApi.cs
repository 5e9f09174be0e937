namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/webhooks</c>.</summary>
public static class WebhooksApi
{
    public static void Map(RouteGroupBuilder group)
    {
    }
}
