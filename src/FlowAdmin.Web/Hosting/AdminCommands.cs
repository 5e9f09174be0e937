using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.ApiKeys;
using FlowAdmin.Web.Features.Setup;
using FlowAdmin.Web.Tenancy;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Hosting;

/// <summary>
/// The admin verbs of the app's own executable (<c>FlowAdmin.Web create-tenant --name Acme ...</c>), for scripts:
/// no prompts, the result as one JSON line on stdout, exit 0 done, 1 refused (<c>{"errors":{option:[...]}}</c> on
/// stderr), 2 usage. They go through the same services and validators as first-run setup and the API keys screen.
/// </summary>
public static class AdminCommands
{
    public const int Done = 0;
    public const int Refused = 1;
    public const int UsageError = 2;

    private const string CliKeyName = "Admin (CLI)";

    private delegate Task<int> Run(WebApplication app, IReadOnlyDictionary<string, string> options, CancellationToken ct);

    private sealed record Command(string Usage, string[] Required, string[] Optional, Run Run);

    private static readonly Dictionary<string, Command> Commands = new(StringComparer.Ordinal)
    {
        ["migrate"] = new("migrate", [], [], (app, _, ct) => app.MigrateAndExitAsync(ct)),
        ["create-tenant"] = new("create-tenant --name <organisation> --admin-email <email> --admin-password <password> [--admin-name <name>]",
            ["name", "admin-email", "admin-password"], ["admin-name"], CreateTenantAsync),
        ["create-api-key"] = new("create-api-key --tenant <id> --name <name> --scope admin|read-only",
            ["tenant", "name", "scope"], [], CreateApiKeyAsync),
        ["seed-demo"] = new("seed-demo", [], [], SeedDemoAsync),
    };

    // Accents stay readable in a terminal ("já", not "j\u00E1"); the output is never embedded in HTML.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The verb's own option names (empty for an unknown verb): the command line keeps them out of configuration.</summary>
    public static IReadOnlyCollection<string> OptionsOf(string verb) =>
        Commands.TryGetValue(verb, out var command) ? [.. command.Required, .. command.Optional] : [];

    /// <summary>What makes the request unusable (unknown verb, missing option), or null; checked before the app is built.</summary>
    public static string? UsageProblem(CommandLineRequest request)
    {
        if (request.Verb is not { } verb) return null;
        if (!Commands.TryGetValue(verb, out var command)) return $"unknown command '{verb}'.";
        var missing = command.Required.Where(o => !request.Options.ContainsKey(o)).Select(o => "--" + o).ToList();
        return missing.Count == 0 ? null : $"{verb}: missing {string.Join(", ", missing)} (each with a value).";
    }

    public static int Usage(string problem)
    {
        Console.Error.WriteLine($"FlowAdmin.Web: {problem}");
        Console.Error.WriteLine("usage: FlowAdmin.Web [command] [options] [--Section:Key value ...]");
        foreach (var command in Commands.Values) Console.Error.WriteLine($"  {command.Usage}");
        Console.Error.WriteLine("Without a command the app runs. Exit codes: 0 done (JSON on stdout), 1 refused (JSON errors on stderr), 2 usage.");
        return UsageError;
    }

    /// <summary>stdout carries the command's JSON only: logs go to stderr, warnings and errors only.</summary>
    public static void QuietLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        // Added after the configuration's rules, so it replaces "Default": "Information" (more specific categories keep theirs).
        logging.AddFilter((_, _, level) => level >= LogLevel.Warning);
    }

    public static async Task<int> RunAsync(WebApplication app, CommandLineRequest request)
    {
        try
        {
            return await Commands[request.Verb!].Run(app, request.Options, CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The database cannot be reached or opened, say: a refusal with the reason, not a stack trace.
            return Refuse(new() { ["database"] = [e.Message] });
        }
    }

    private static async Task<int> CreateTenantAsync(WebApplication app, IReadOnlyDictionary<string, string> options, CancellationToken ct)
    {
        await app.PrepareDatabaseAsync(seedDemo: false, ct);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var email = options["admin-email"].Trim();
        var form = new SetupForm
        {
            Organisation = options["name"],
            AdminName = options.GetValueOrDefault("admin-name") ?? email.Split('@')[0],
            AdminEmail = email,
            Password = options["admin-password"],
            ConfirmPassword = options["admin-password"],
        };
        var checkedForm = await services.GetRequiredService<IValidator<SetupForm>>().ValidateAsync(form, ct);
        if (!checkedForm.IsValid)
            return Refuse(ByOption(checkedForm.Errors, new()
            {
                [nameof(SetupForm.Organisation)] = "name",
                [nameof(SetupForm.AdminName)] = "admin-name",
                [nameof(SetupForm.AdminEmail)] = "admin-email",
                [nameof(SetupForm.Password)] = "admin-password",
                [nameof(SetupForm.ConfirmPassword)] = "admin-password",
            }));

        var (tenant, errors) = await services.GetRequiredService<SetupService>()
            .CreateTenantAsync(form.Organisation, form.AdminName, form.AdminEmail, form.Password, ct);
        if (tenant is null)
            return Refuse(errors.ToDictionary(e => e.Key == "Password" ? "admin-password" : "admin-email", e => new[] { e.Value }));

        var admin = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException("The administrator just created was not found.");
        services.GetRequiredService<CurrentTenant>().Use(tenant.Id);
        var key = await services.GetRequiredService<ApiKeyService>()
            .CreateAsync(new ApiKeyInput { Name = CliKeyName, Scope = ApiKeyScope.Admin }, ct);
        return Print(new { tenantId = tenant.Id, adminUserId = admin.Id, apiKey = key.Secret });
    }

    private static async Task<int> CreateApiKeyAsync(WebApplication app, IReadOnlyDictionary<string, string> options, CancellationToken ct)
    {
        if (!int.TryParse(options["tenant"], NumberStyles.None, CultureInfo.InvariantCulture, out var tenantId))
            return Refuse(new() { ["tenant"] = [$"'{options["tenant"]}' is not a tenant id."] });
        await app.PrepareDatabaseAsync(seedDemo: false, ct);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (!await services.GetRequiredService<AppDbContext>().Tenants.AnyAsync(t => t.Id == tenantId, ct))
            return Refuse(new() { ["tenant"] = [$"There is no tenant {tenantId}."] });

        services.GetRequiredService<CurrentTenant>().Use(tenantId);
        // An unknown scope goes to the validator as an undefined value: its own message refuses it.
        var scopeOption = options["scope"].Trim().ToLowerInvariant();
        var keyScope = scopeOption switch
        {
            "admin" => ApiKeyScope.Admin,
            "read-only" or "readonly" => ApiKeyScope.ReadOnly,
            _ => (ApiKeyScope)(-1),
        };
        try
        {
            var key = await services.GetRequiredService<ApiKeyService>()
                .CreateAsync(new ApiKeyInput { Name = options["name"], Scope = keyScope }, ct);
            return Print(new { id = key.Key.Id, key = key.Secret });
        }
        catch (ValidationException e)
        {
            return Refuse(ByOption(e.Errors, new() { [nameof(ApiKeyInput.Name)] = "name", [nameof(ApiKeyInput.Scope)] = "scope" }));
        }
    }

    private static async Task<int> SeedDemoAsync(WebApplication app, IReadOnlyDictionary<string, string> options, CancellationToken ct)
    {
        await app.PrepareDatabaseAsync(seedDemo: false, ct);
        await using var scope = app.Services.CreateAsyncScope();
        var (tenantId, created) = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().EnsureAsync(ct);
        // The demo password is public by design (it is in the README).
        return Print(new
        {
            tenantId,
            created,
            logins = new[]
            {
                new { role = Roles.Administrator, email = DemoSeeder.AdminEmail, password = DemoSeeder.Password },
                new { role = Roles.Agent, email = DemoSeeder.AgentEmail, password = DemoSeeder.Password },
            },
        });
    }

    private static Dictionary<string, string[]> ByOption(IEnumerable<FluentValidation.Results.ValidationFailure> failures, Dictionary<string, string> options) =>
        failures.GroupBy(f => options.GetValueOrDefault(f.PropertyName, f.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());

    private static int Print(object result)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(result, Json));
        return Done;
    }

    private static int Refuse(Dictionary<string, string[]> errors)
    {
        Console.Error.WriteLine(JsonSerializer.Serialize(new { errors }, Json));
        return Refused;
    }
}
