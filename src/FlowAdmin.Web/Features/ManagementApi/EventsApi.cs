namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/events</c>.</summary>
public static class EventsApi
{
    public static void Map(RouteGroupBuilder group)
    {
    }
}
