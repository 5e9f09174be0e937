using System.Net;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.IntegrationTests.Foundation;

public sealed class SetupAndIsolationTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task First_visit_goes_to_setup_and_setup_closes_for_good_after_the_first_tenant(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var browser = app.NewBrowserLikeClient();

        var first = await browser.GetAsync("");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/setup", first.Headers.Location?.OriginalString);

        var created = await FlowAdminApp.PostFormAsync(browser, "setup", "setup", new()
        {
            ["Input.Organisation"] = "Acme",
            ["Input.AdminName"] = "Ana",
            ["Input.AdminEmail"] = "ana@acme.test",
            ["Input.Password"] = FlowAdminApp.Password,
            ["Input.ConfirmPassword"] = FlowAdminApp.Password,
        });
        Assert.Contains("Account/Login", created.Headers.Location?.OriginalString ?? await created.Content.ReadAsStringAsync());

        // A second, direct post is refused: no second tenant appears.
        var again = await FlowAdminApp.PostFormAsync(browser, "setup", "setup", new()
        {
            ["Input.Organisation"] = "Intruder",
            ["Input.AdminName"] = "Eve",
            ["Input.AdminEmail"] = "eve@evil.test",
            ["Input.Password"] = FlowAdminApp.Password,
            ["Input.ConfirmPassword"] = FlowAdminApp.Password,
        }, tokenFrom: "Account/Login");
        // The closed page has no setup form, so Blazor refuses the post outright.
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("data-testid=\"setup-closed\"", await browser.GetStringAsync("setup"));
        var tenants = await app.WithTenantAsync(0, db => db.Tenants.Select(t => t.Name).ToListAsync());
        Assert.Equal(["Acme"], tenants);

        // The administrator can sign in and reach the dashboard.
        var admin = await app.SignInAsync("ana@acme.test");
        var home = await admin.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task Setup_form_with_bad_input_shows_field_errors_and_saves_nothing()
    {
        await using var app = new FlowAdminApp();
        var browser = app.NewBrowserLikeClient();
        var response = await FlowAdminApp.PostFormAsync(browser, "setup", "setup", new()
        {
            ["Input.Organisation"] = "",
            ["Input.AdminName"] = "Ana",
            ["Input.AdminEmail"] = "not-an-email",
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "different",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"setup-Organisation-error\"", html);
        Assert.Contains("data-testid=\"setup-AdminEmail-error\"", html);
        Assert.Contains("data-testid=\"setup-Password-error\"", html);
        Assert.Contains("data-testid=\"setup-ConfirmPassword-error\"", html);
        Assert.Empty(await app.WithTenantAsync(0, db => db.Tenants.ToListAsync()));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task A_tenant_never_sees_another_tenants_rows(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var a = await app.CreateTenantAsync("Tenant A");
        var b = await app.CreateTenantAsync("Tenant B");
        var bDepartment = await app.WithTenantAsync(b.Id, async db =>
        {
            var d = new Department { Name = "Only B" };
            db.Departments.Add(d);
            await db.SaveChangesAsync();
            return d;
        });

        var seenByA = await app.WithTenantAsync(a.Id, db => db.Departments.Where(d => d.Id == bDepartment.Id).ToListAsync());
        Assert.Empty(seenByA);
        var usersSeenByA = await app.WithTenantAsync(a.Id, db => db.TenantUsers.Select(u => u.Email).ToListAsync());
        Assert.Equal([FlowAdminApp.AdminEmail("Tenant A")], usersSeenByA);

        // Writing a row of B while working for A is refused, whatever the id says.
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithTenantAsync(a.Id, async db =>
        {
            db.Departments.Add(new Department { TenantId = b.Id, Name = "Smuggled" });
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task Concurrent_tickets_for_one_contact_and_channel_cannot_both_be_open()
    {
        await using var app = new FlowAdminApp();
        var tenant = await app.CreateTenantAsync("Acme");
        var (contactId, channelId) = await app.WithTenantAsync(tenant.Id, async db =>
        {
            var channel = new Channel { Name = "Linha 1" };
            var contact = new Contact { Number = "5511999999999" };
            db.AddRange(channel, contact);
            await db.SaveChangesAsync();
            db.Tickets.Add(new Ticket { ContactId = contact.Id, ChannelId = channel.Id, Status = TicketStatus.Closed });
            db.Tickets.Add(new Ticket { ContactId = contact.Id, ChannelId = channel.Id, Status = TicketStatus.Pending });
            await db.SaveChangesAsync();
            return (contact.Id, channel.Id);
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithTenantAsync(tenant.Id, async db =>
        {
            db.Tickets.Add(new Ticket { ContactId = contactId, ChannelId = channelId, Status = TicketStatus.Open });
            return await db.SaveChangesAsync();
        }));
    }
}
