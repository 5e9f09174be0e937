using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Contacts;

namespace FlowAdmin.Web.Features.ManagementApi;

/// <summary><c>/api/v1/contacts</c>: read-only; contacts are created by pushes and inbound messages.</summary>
public static class ContactsApi
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", async ([AsParameters] ApiPageRequest paging, string? number, ContactService service, CancellationToken ct) =>
            paging.Of(await service.ListAsync(paging.ToQuery(), number, ct)))
            .WithSummary("Lists the contacts; ?number= finds one by its exact number, ?search= over id, name, number and email.");

        group.MapGet("/{id:int}", async (int id, ContactService service, CancellationToken ct) =>
            await service.GetAsync(id, ct) ?? throw Refuse.NotFound("Contact", id))
            .WithSummary("One contact with its custom fields, lead status and latest tickets.");
    }
}
