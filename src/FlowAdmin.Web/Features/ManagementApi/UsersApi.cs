namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/users</c>.</summary>
public static class UsersApi
{
    public static void Map(RouteGroupBuilder group)
    {
    }
}
