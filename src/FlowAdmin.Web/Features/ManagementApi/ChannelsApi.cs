namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/channels</c>.</summary>
public static class ChannelsApi
{
    public static void Map(RouteGroupBuilder group)
    {
    }
}
