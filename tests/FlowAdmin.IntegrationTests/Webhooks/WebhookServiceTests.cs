using System.Globalization;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Events;
using FlowAdmin.Web.Features.Webhooks;
using FluentValidation;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Webhooks;

/// <summary>The Webhook tab's service on the real app (SQLite and PostgreSQL): rules, secrets at rest, masking, rotation, isolation, role.</summary>
public sealed class WebhookServiceTests
{
    public WebhookServiceTests() => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

    private static WebhookForm Form(string name = "ERP", string url = "https://hooks.example.com/flowadmin", params string[] events) => new()
    {
        Name = name,
        Url = url,
        Events = events.Length == 0 ? [EventNames.NewTicket, EventNames.NewContact] : [.. events],
        Headers = [new WebhookHeaderInput { Name = "Authorization", Value = "Bearer s3cr3t-token" }],
    };

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Bad_input_is_refused_on_its_field_and_nothing_is_saved(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var acme = await app.CreateTenantAsync("Acme");
        await app.AsUserAsync<WebhookService>(FlowAdminApp.AdminEmail("Acme"), async s =>
        {
            await s.CreateAsync(Form(), default);

            async Task<Dictionary<string, string>> Refused(WebhookForm form)
            {
                var e = await Assert.ThrowsAsync<ValidationException>(() => s.CreateAsync(form, default));
                return e.Errors.GroupBy(x => x.PropertyName).ToDictionary(g => g.Key, g => g.First().ErrorMessage);
            }

            Assert.Equal("Enter a name.", (await Refused(Form(name: " ")))["Name"]);
            Assert.Equal("A record with this name already exists.", (await Refused(Form(name: " erp ")))["Name"]);
            Assert.Equal("Enter the target URL.", (await Refused(Form(name: "A", url: "")))["Url"]);
            foreach (var url in new[] { "hooks.example.com/x", "ftp://hooks.example.com/x", "https://user:pass@hooks.example.com/x" })
                Assert.StartsWith("Enter a complete http:// or https:// URL", (await Refused(Form(name: "A", url: url)))["Url"]);
            foreach (var url in new[] { "http://127.0.0.1:8080/x", "http://localhost/x", "http://169.254.169.254/latest/meta-data", "http://10.1.2.3/", "http://[::1]/x" })
                Assert.StartsWith("The URL cannot point to this server or to a private", (await Refused(Form(name: "A", url: url)))["Url"]);

            var noEvents = Form(name: "A");
            noEvents.Events = [];
            Assert.Equal("Choose at least one event.", (await Refused(noEvents))["Events"]);
            var unknown = Form(name: "A");
            unknown.Events = ["NewTicket", "DeletedEverything"];
            Assert.Equal("Unknown event.", (await Refused(unknown))["Events"]);

            var headers = Form(name: "A");
            headers.Headers =
            [
                new() { Name = "Content-Type", Value = "text/plain" },
                new() { Name = "webhook-signature", Value = "v1,forged" },
                new() { Name = "Bad Name", Value = "x" },
                new() { Name = "X-Tenant", Value = "" },
                new() { Name = "X-Injected", Value = "a\r\nHost: evil" },
                new() { Name = "x-tenant", Value = "again" },
            ];
            var errors = await Refused(headers);
            Assert.Equal("The Content-Type header is set by FlowAdmin and cannot be replaced.", errors["Headers[0].Name"]);
            Assert.Equal("The webhook-signature header is set by FlowAdmin and cannot be replaced.", errors["Headers[1].Name"]);
            Assert.StartsWith("Invalid header name", errors["Headers[2].Name"]);
            Assert.Equal("Enter the header value.", errors["Headers[3].Value"]);
            Assert.Equal("The value cannot contain line breaks or control characters.", errors["Headers[4].Value"]);
            Assert.Equal("Each header can appear only once.", errors["Headers"]);

            Assert.Equal(1, (await s.ListAsync(new PagedQuery(), default)).TotalCount);
        });
        Assert.Equal(1, await app.WithTenantAsync(acme.Id, db => db.Webhooks.CountAsync()));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Secrets_and_header_values_are_encrypted_at_rest_masked_on_edit_and_kept_unless_replaced(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var acme = await app.CreateTenantAsync("Acme");
        var admin = FlowAdminApp.AdminEmail("Acme");
        var id = await app.AsUserAsync<WebhookService, int>(admin, s => s.CreateAsync(Form(events: [EventNames.NewMessage, EventNames.NewContact, EventNames.AckMessage]), default));

        var row = await app.AsUserAsync<WebhookService, WebhookRow>(admin, async s => (await s.ListAsync(new PagedQuery(Search: "hooks.example"), default)).Items.Single());
        Assert.Equal(("ERP", "https://hooks.example.com/flowadmin", true, (DateTime?)null), (row.Name, row.Url, row.IsActive, row.LastDeliveryAt));
        // Stored in the source's order, whatever the order of the ticks.
        Assert.Equal([EventNames.NewContact, EventNames.NewMessage, EventNames.AckMessage], row.Events);

        // At rest: no clear secret, header name or value in the row.
        var stored = await app.WithTenantAsync(acme.Id, db => db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id));
        Assert.DoesNotContain("whsec_", stored.SecretProtected);
        Assert.DoesNotContain("s3cr3t", stored.CustomHeadersProtected);
        Assert.DoesNotContain("Authorization", stored.CustomHeadersProtected);
        var secrets = app.Services.GetRequiredService<WebhookSecrets>();
        var secret = secrets.Unprotect(stored.SecretProtected);
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", secret);
        Assert.Equal("Bearer s3cr3t-token", secrets.Headers(stored)["Authorization"]);

        await app.AsUserAsync<WebhookService>(admin, async s =>
        {
            // The dialog gets the header's name, never its value.
            var form = (await s.GetAsync(id, default))!;
            var header = Assert.Single(form.Headers);
            Assert.Equal(("Authorization", "", "Authorization"), (header.Name, header.Value, header.StoredName));

            // Left blank: kept. Plus a new header.
            form.Headers.Add(new WebhookHeaderInput { Name = "X-Tenant", Value = "acme" });
            form.Url = "https://hooks.example.com/v2";
            await s.UpdateAsync(form, default);
            Assert.Equal("Authorization=Bearer s3cr3t-token; X-Tenant=acme", await HeadersAsync());

            // Renamed with its value left blank: the value follows; replaced: the new value; removed: gone.
            form = (await s.GetAsync(id, default))!;
            form.Headers[0].Name = "X-Api-Key";
            form.Headers[1].Value = "acme-2";
            await s.UpdateAsync(form, default);
            Assert.Equal("X-Api-Key=Bearer s3cr3t-token; X-Tenant=acme-2", await HeadersAsync());
            form = (await s.GetAsync(id, default))!;
            form.Headers.Clear();
            await s.UpdateAsync(form, default);
            Assert.Equal("", await HeadersAsync());

            // A row that claims a stored value that is not there must be typed again.
            form.Headers.Add(new WebhookHeaderInput { Name = "X-Ghost", StoredName = "X-Ghost" });
            var ghost = await Assert.ThrowsAsync<ValidationException>(() => s.UpdateAsync(form, default));
            Assert.Equal("Headers[0].Value", Assert.Single(ghost.Errors).PropertyName);

            // Shown on demand; rotation keeps the old one signing for 24 hours.
            var shown = await s.RevealSecretAsync(id, default);
            Assert.Equal((secret, (DateTime?)null), (shown.Secret, shown.PreviousValidUntil));
            var rotated = await s.RotateSecretAsync(id, default);
            Assert.NotEqual(secret, rotated.Secret);
            Assert.Matches("^whsec_", rotated.Secret);
            Assert.InRange(rotated.PreviousValidUntil!.Value, DateTime.UtcNow.AddHours(24).AddMinutes(-1), DateTime.UtcNow.AddHours(24));
            var shownAgain = await s.RevealSecretAsync(id, default);
            Assert.Equal(rotated.Secret, shownAgain.Secret);
            Assert.Equal(rotated.PreviousValidUntil.Value, shownAgain.PreviousValidUntil!.Value, TimeSpan.FromMilliseconds(1));
        });
        var afterRotation = await app.WithTenantAsync(acme.Id, db => db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id));
        Assert.Equal([(await app.AsUserAsync<WebhookService, WebhookSecretView>(admin, s => s.RevealSecretAsync(id, default))).Secret, secret],
            secrets.SigningSecrets(afterRotation, DateTime.UtcNow));
        Assert.Equal("https://hooks.example.com/v2", afterRotation.Url);

        async Task<string> HeadersAsync() => string.Join("; ",
            secrets.Headers(await app.WithTenantAsync(acme.Id, db => db.Webhooks.AsNoTracking().SingleAsync(w => w.Id == id)))
                .OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task A_tenant_cannot_reach_another_tenants_webhook_by_id_and_agents_reach_none(string provider)
    {
        // A lab deployment: loopback receivers allowed.
        await using var app = new FlowAdminApp(provider, new Dictionary<string, string?> { ["FlowAdmin:Outbound:AllowPrivateTargets"] = "true" });
        var acme = await app.CreateTenantAsync("Acme");
        await app.CreateTenantAsync("Other");
        await app.CreateUserAsync(acme.Id, "agent@acme.test", Roles.Agent);
        var id = await app.AsUserAsync<WebhookService, int>(FlowAdminApp.AdminEmail("Acme"), s => s.CreateAsync(Form(url: "http://127.0.0.1:9/hook"), default));

        await app.AsUserAsync<WebhookService>(FlowAdminApp.AdminEmail("Other"), async s =>
        {
            Assert.Equal(0, (await s.ListAsync(new PagedQuery(Search: id.ToString(CultureInfo.InvariantCulture)), default)).TotalCount);
            Assert.Null(await s.GetAsync(id, default));
            var form = Form(name: "Stolen");
            form.Id = id;
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.UpdateAsync(form, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.SetActiveAsync(id, false, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.RevealSecretAsync(id, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.RotateSecretAsync(id, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.DeleteAsync(id, default));
            // Names are unique per tenant only.
            await s.CreateAsync(Form(), default);
        });

        await app.AsUserAsync<WebhookService>("agent@acme.test", async s =>
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => s.ListAsync(new PagedQuery(), default));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => s.GetAsync(id, default));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => s.RevealSecretAsync(id, default));
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => s.CreateAsync(Form(name: "Agent's"), default));
        });
        // A scope with a tenant but nobody signed in (a job, a forged call) gets nothing either.
        await app.AsTenantWithoutUserAsync(acme.Id, s => Assert.ThrowsAsync<UnauthorizedAccessException>(() => s.RevealSecretAsync(id, default)));

        await app.AsUserAsync<WebhookService>(FlowAdminApp.AdminEmail("Acme"), async s =>
        {
            var acmeRow = Assert.Single((await s.ListAsync(new PagedQuery(), default)).Items);
            Assert.Equal(("ERP", "http://127.0.0.1:9/hook"), (acmeRow.Name, acmeRow.Url));
            await s.SetActiveAsync(id, false, default);
            Assert.False((await s.GetAsync(id, default))!.IsActive);
            await s.DeleteAsync(id, default);
            Assert.Equal(0, (await s.ListAsync(new PagedQuery(), default)).TotalCount);
        });
        Assert.Equal(1, await app.WithTenantAsync(acme.Id, db => db.Webhooks.IgnoreQueryFilters().CountAsync()));
    }
}

internal static class WebhookUsers
{
    /// <summary>
    /// Runs <paramref name="work"/> in a scope signed in as <paramref name="email"/>, with the claims the real sign-in
    /// puts in the cookie, set as a Blazor circuit's authentication state.
    /// </summary>
    public static async Task<T> AsUserAsync<TService, T>(this FlowAdminApp app, string email, Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var user = await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email) ?? throw new InvalidOperationException(email);
        var principal = await sp.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        ((IHostEnvironmentAuthenticationStateProvider)sp.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return await work(sp.GetRequiredService<TService>());
    }

    public static Task AsUserAsync<TService>(this FlowAdminApp app, string email, Func<TService, Task> work) where TService : notnull =>
        app.AsUserAsync<TService, bool>(email, async s => { await work(s); return true; });

    public static async Task AsTenantWithoutUserAsync(this FlowAdminApp app, int tenantId, Func<WebhookService, Task> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<FlowAdmin.Web.Tenancy.CurrentTenant>().Use(tenantId);
        await work(scope.ServiceProvider.GetRequiredService<WebhookService>());
    }
}
