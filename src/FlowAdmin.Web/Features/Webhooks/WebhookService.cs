using System.Security.Claims;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Web.Features.Webhooks;

/// <summary>
/// The tenant's webhooks: CRUD, activation and the signing secret (sending, recovering and re-enabling are
/// <see cref="WebhookDeliveryService"/>'s).
/// Every query goes through the tenant-filtered context, so another tenant's id is simply not found. Signing
/// secrets and custom header values are administrator business only: every call checks the role here, not
/// just the page, and header values never leave the service once saved.
/// </summary>
public sealed class WebhookService(
    IDbContextFactory<AppDbContext> factory, IValidator<WebhookForm> validator, WebhookSecrets secrets,
    IHttpContextAccessor http, AuthenticationStateProvider authState, IStringLocalizer<WebhooksText> t)
{
    private static readonly SortColumns<Webhook> Sorts = new SortColumns<Webhook>(nameof(WebhookRow.Id))
        .Add(nameof(WebhookRow.Id), w => w.Id)
        .Add(nameof(WebhookRow.Name), w => w.Name)
        .Add(nameof(WebhookRow.Url), w => w.Url)
        .Add(nameof(WebhookRow.IsActive), w => w.IsActive)
        .Add(nameof(WebhookRow.LastDeliveryAt), w => w.LastDeliveryAt);

    private static readonly System.Linq.Expressions.Expression<Func<Webhook, WebhookRow>> ToRow = w => new WebhookRow(
        w.Id, w.Name, w.Url, w.Events, w.IsActive, w.DisabledAt, w.DisabledReason,
        w.LastDeliveryAt, w.LastStatusCode, w.LastSucceeded, w.CreatedAt);

    public async Task<PagedResult<WebhookRow>> ListAsync(PagedQuery query, CancellationToken ct)
    {
        await RequireAdministratorAsync(orApiReader: true);
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Webhooks.AsNoTracking()
            .Search(query.Search, w => w.Id, w => w.Name, w => w.Url)
            .ToPagedResultAsync(query, Sorts, ToRow, ct);
    }

    /// <summary>One webhook as the list shows it (with its health); null when the tenant has no such webhook.</summary>
    public async Task<WebhookRow?> GetRowAsync(int id, CancellationToken ct)
    {
        await RequireAdministratorAsync(orApiReader: true);
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Webhooks.AsNoTracking().Where(w => w.Id == id).Select(ToRow).SingleOrDefaultAsync(ct);
    }

    /// <summary>The dialog's model: header names only, their values stay on the server.</summary>
    public async Task<WebhookForm?> GetAsync(int id, CancellationToken ct)
    {
        await RequireAdministratorAsync(orApiReader: true);
        await using var db = await factory.CreateDbContextAsync(ct);
        var webhook = await db.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, ct);
        if (webhook is null) return null;
        return new WebhookForm
        {
            Id = webhook.Id,
            Name = webhook.Name,
            Url = webhook.Url,
            Events = [.. webhook.Events],
            IsActive = webhook.IsActive,
            Headers = [.. secrets.Headers(webhook).Keys.Select(name => new WebhookHeaderInput { Name = name, StoredName = name })],
        };
    }

    /// <summary>Creates the webhook with a fresh signing secret; returns its id.</summary>
    public async Task<int> CreateAsync(WebhookForm form, CancellationToken ct)
    {
        await RequireAdministratorAsync();
        form.Id = 0;
        await validator.ValidateAndThrowAsync(form, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var webhook = new Webhook { Name = "", Url = "" };
        Apply(webhook, form, new Dictionary<string, string>());
        secrets.Rotate(webhook, DateTime.UtcNow);
        db.Webhooks.Add(webhook);
        await db.SaveValidatedAsync(validator, form, ct);
        return webhook.Id;
    }

    /// <summary>Saves an edit; a header row left blank keeps the value stored for it.</summary>
    public async Task UpdateAsync(WebhookForm form, CancellationToken ct)
    {
        await RequireAdministratorAsync();
        await validator.ValidateAndThrowAsync(form, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var webhook = await FindAsync(db, form.Id, ct);
        Apply(webhook, form, secrets.Headers(webhook));
        webhook.UpdatedAt = DateTime.UtcNow;
        await db.SaveValidatedAsync(validator, form, ct);
    }

    public Task SetActiveAsync(int id, bool active, CancellationToken ct) => ChangeAsync(id, w => w.IsActive = active, ct);

    /// <summary>Deletes the webhook and its pending deliveries; log entries keep its name.</summary>
    public async Task DeleteAsync(int id, CancellationToken ct)
    {
        await RequireAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        db.Webhooks.Remove(await FindAsync(db, id, ct));
        await db.SaveChangesAsync(ct);
    }

    public async Task<WebhookSecretView> RevealSecretAsync(int id, CancellationToken ct)
    {
        await RequireAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        return View(await FindAsync(db, id, ct), DateTime.UtcNow);
    }

    /// <summary>A new signing secret; the old one keeps signing (both signatures sent) for 24 hours.</summary>
    public async Task<WebhookSecretView> RotateSecretAsync(int id, CancellationToken ct)
    {
        await RequireAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var webhook = await FindAsync(db, id, ct);
        var now = DateTime.UtcNow;
        secrets.Rotate(webhook, now);
        webhook.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return View(webhook, now);
    }

    private WebhookSecretView View(Webhook webhook, DateTime now) => new(
        secrets.Unprotect(webhook.SecretProtected),
        webhook.PreviousSecretProtected is not null && webhook.PreviousSecretExpiresAt > now ? webhook.PreviousSecretExpiresAt : null);

    private async Task ChangeAsync(int id, Action<Webhook> change, CancellationToken ct)
    {
        await RequireAdministratorAsync();
        await using var db = await factory.CreateDbContextAsync(ct);
        var webhook = await FindAsync(db, id, ct);
        change(webhook);
        webhook.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Webhook> FindAsync(AppDbContext db, int id, CancellationToken ct) =>
        await db.Webhooks.SingleOrDefaultAsync(w => w.Id == id, ct) ?? throw Refuse.NotFound(nameof(Webhook), id);

    private void Apply(Webhook webhook, WebhookForm form, IReadOnlyDictionary<string, string> storedHeaders)
    {
        webhook.Name = form.Name.Trim();
        webhook.Url = form.Url.Trim();
        // In the source's order, whatever order the boxes were ticked in.
        webhook.Events = [.. Events.EventNames.All.Where(form.Events.Contains)];
        webhook.IsActive = form.IsActive;
        var headers = new Dictionary<string, string>();
        for (var i = 0; i < form.Headers.Count; i++)
        {
            var row = form.Headers[i];
            var value = row.KeepsStoredValue ? storedHeaders.GetValueOrDefault(row.StoredName!) : row.Value.Trim();
            // A "kept" value that is not stored (a stale dialog) must be typed again, not silently dropped.
            if (value is null)
                throw new ValidationException([new ValidationFailure($"{nameof(WebhookForm.Headers)}[{i}].{nameof(WebhookHeaderInput.Value)}", t["Validation.HeaderValueRequired"])]);
            headers[row.Name.Trim()] = value;
        }
        webhook.CustomHeadersProtected = secrets.ProtectHeaders(headers);
    }

    /// <param name="orApiReader">
    /// Also a read-only management API key: it may list webhooks and read their settings, which hold neither the
    /// signing secret nor header values.
    /// </param>
    private async Task RequireAdministratorAsync(bool orApiReader = false)
    {
        var user = http.HttpContext?.User is { Identity.IsAuthenticated: true } requestUser ? requestUser : await CircuitUserAsync();
        if (user?.IsInRole(Roles.Administrator) != true && !(orApiReader && user?.IsInRole(ApiKeys.ApiKeyAuthentication.ReaderRole) == true))
            throw new UnauthorizedAccessException(t["Forbidden"]);
    }

    private async Task<ClaimsPrincipal?> CircuitUserAsync()
    {
        try
        {
            return (await authState.GetAuthenticationStateAsync()).User;
        }
        catch (InvalidOperationException)
        {
            return null; // outside a circuit and without a request: nobody is signed in
        }
    }
}
