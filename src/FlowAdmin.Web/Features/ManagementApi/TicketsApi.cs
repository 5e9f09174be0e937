namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/tickets</c>.</summary>
public static class TicketsApi
{
    public static void Map(RouteGroupBuilder group)
    {
    }
}
