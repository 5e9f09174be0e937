namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/contacts</c>.</summary>
public static class ContactsApi
{
    public static void Map(RouteGroupBuilder group)
    {
    }
}
