using System.Net;
using System.Text.RegularExpressions;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Setup;
using FlowAdmin.Web.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Infrastructure;

/// <summary>
/// The real app on a real loopback port (Kestrel), on a fresh SQLite file or a fresh PostgreSQL
/// database. Browsers, HttpClients and local receivers all talk to it over HTTP.
/// </summary>
public sealed partial class FlowAdminApp : WebApplicationFactory<Program>
{
    public const string Password = "Str0ng!Passw0rd";

    private readonly Dictionary<string, string?> _settings;
    private readonly string? _dataFolder;
    private readonly Action<IWebHostBuilder>? _configure;

    public string Provider { get; }

    public FlowAdminApp(string provider = "Sqlite", IDictionary<string, string?>? settings = null, Action<IWebHostBuilder>? configure = null)
    {
        Provider = provider;
        _configure = configure;
        _settings = new(settings ?? new Dictionary<string, string?>()) { ["Database:Provider"] = provider };
        if (provider == "Sqlite")
        {
            // A given data folder (say, one the CLI has just written to) is used, and deleted on dispose like a fresh one.
            _dataFolder = _settings.GetValueOrDefault("FlowAdmin:DataFolder") ?? Directory.CreateTempSubdirectory("flowadmin-test-").FullName;
            _settings["FlowAdmin:DataFolder"] = _dataFolder;
        }
        else
        {
            _settings["Database:ConnectionString"] = PostgresServer.NewDatabase();
        }
        UseKestrel(0);
    }

    /// <summary>
    /// A new app on the same database as <paramref name="previous"/> (a restart): dispose the previous one
    /// first; it must have been created with <see cref="KeepData"/> set so its SQLite folder survives.
    /// </summary>
    public FlowAdminApp(FlowAdminApp previous, IDictionary<string, string?>? settings = null)
    {
        Provider = previous.Provider;
        _configure = previous._configure;
        _settings = new(previous._settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        _dataFolder = previous._dataFolder;
        UseKestrel(0);
    }

    /// <summary>Keep the SQLite data folder on dispose (for a restart on the same data).</summary>
    public bool KeepData { get; set; }

    /// <summary>The app's loopback address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1") + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        _configure?.Invoke(builder);
    }

    /// <summary>A new tenant with one administrator (email admin@{slug}.test); returns the tenant.</summary>
    public async Task<Tenant> CreateTenantAsync(string name)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        var setup = scope.ServiceProvider.GetRequiredService<SetupService>();
        var (tenant, errors) = await setup.CreateTenantAsync(name, $"Admin {name}", AdminEmail(name), Password, CancellationToken.None);
        return tenant ?? throw new InvalidOperationException(string.Join("; ", errors.Values));
    }

    public static string AdminEmail(string tenantName) => $"admin@{Slug(tenantName)}.test";

    /// <summary>Creates a user of the tenant with one role and its department access.</summary>
    public async Task<AppUser> CreateUserAsync(int tenantId, string email, string role, params int[] departmentIds)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(tenantId);
        var user = new AppUser { TenantId = tenantId, Name = email.Split('@')[0], UserName = email, Email = email, EmailConfirmed = true };
        var result = await scope.ServiceProvider.GetRequiredService<SetupService>().CreateUserAsync(user, Password, role, departmentIds, CancellationToken.None);
        return result.Succeeded ? user : throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Runs <paramref name="work"/> with a context scoped to one tenant, as a request of that tenant would.</summary>
    public async Task<T> WithTenantAsync<T>(int tenantId, Func<AppDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(tenantId);
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>An HttpClient with its own cookie jar, signed in through the real login form.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = Password)
    {
        var client = NewBrowserLikeClient();
        var response = await PostFormAsync(client, "Account/Login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>A client that keeps cookies and does not follow redirects (tests look at them).</summary>
    public HttpClient NewBrowserLikeClient()
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return client;
    }

    /// <summary>Posts a static server-rendered Blazor form the way a browser does (antiforgery token and handler name included).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        HttpClient client, string path, string formName, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var page = await client.GetStringAsync(tokenFrom ?? path);
        var token = AntiforgeryField().Match(page);
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {path}");
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = formName,
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (_dataFolder is not null && !KeepData)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
        }
    }

    private static string Slug(string name) => NonAlphanumeric().Replace(name.ToLowerInvariant(), "-");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
