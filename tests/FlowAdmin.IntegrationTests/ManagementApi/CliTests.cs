using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using FlowAdmin.IntegrationTests.Infrastructure;

namespace FlowAdmin.IntegrationTests.ManagementApi;

/// <summary>
/// The admin CLI as a script uses it: the real FlowAdmin.Web executable as a child process (JSON on stdout, errors
/// on stderr, exit codes), then the app started on the same SQLite data folder accepting the keys it printed.
/// </summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flowadmin-cli-").FullName;

    /// <summary>Configuration flags next to the verb's own options: they still configure the app.</summary>
    private string[] Data => ["--FlowAdmin:DataFolder", _folder, "--Database:Provider", "Sqlite"];

    [Fact]
    public async Task Create_tenant_prints_an_admin_key_that_the_running_app_accepts_and_a_read_only_key_cannot_write()
    {
        var tenant = await Cli.RunAsync(["create-tenant", "--name", "Cli Acme", "--admin-email", "admin@cli-acme.test", "--admin-password", FlowAdminApp.Password, .. Data]);
        var created = tenant.Json();
        var tenantId = (int)created["tenantId"]!;
        Assert.True((int)created["adminUserId"]! > 0);
        var adminKey = (string)created["apiKey"]!;
        Assert.StartsWith("fak_", adminKey);

        var readOnly = (await Cli.RunAsync(["create-api-key", "--tenant", $"{tenantId}", "--name", "Relatórios", "--scope", "read-only", .. Data])).Json();
        Assert.True((int)readOnly["id"]! > 0);
        var readerKey = (string)readOnly["key"]!;
        Assert.NotEqual(adminKey, readerKey);

        await using var app = new FlowAdminApp(settings: new Dictionary<string, string?> { ["FlowAdmin:DataFolder"] = _folder });
        using var admin = ApiKit.Client(app, adminKey);
        var empty = await admin.GetAsync("departments");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal(0, (int)(await empty.JsonAsync())["total"]!);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("departments", new { name = "Suporte", color = "#112233" })).StatusCode);

        using var reader = ApiKit.Client(app, readerKey);
        Assert.Equal(1, (int)(await (await reader.GetAsync("departments")).JsonAsync())["total"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostJsonAsync("departments", new { name = "Vendas", color = "#112233" })).StatusCode);

        // The administrator it created signs in to the screens with the password given on the command line.
        using var browser = await app.SignInAsync("admin@cli-acme.test");
    }

    [Fact]
    public async Task Bad_input_exits_1_with_the_errors_by_option_on_stderr_and_nothing_on_stdout()
    {
        var weak = await Cli.RunAsync(["create-tenant", "--name", "Fraca", "--admin-email", "admin@fraca.test", "--admin-password", "123", .. Data]);
        Assert.NotNull(weak.Errors(expectedExit: 1)["admin-password"]);

        var badEmail = await Cli.RunAsync(["create-tenant", "--name", "", "--admin-email", "not-an-email", "--admin-password", FlowAdminApp.Password, .. Data]);
        var errors = badEmail.Errors(expectedExit: 1);
        Assert.NotNull(errors["admin-email"]);
        Assert.NotNull(errors["name"]);

        var first = (await Cli.RunAsync(["create-tenant", "--name", "Primeira", "--admin-email", "admin@primeira.test", "--admin-password", FlowAdminApp.Password, .. Data])).Json();
        var taken = await Cli.RunAsync(["create-tenant", "--name", "Segunda", "--admin-email", "admin@primeira.test", "--admin-password", FlowAdminApp.Password, .. Data]);
        Assert.NotNull(taken.Errors(expectedExit: 1)["admin-email"]);

        var unknownTenant = await Cli.RunAsync(["create-api-key", "--tenant", "999999", "--name", "x", "--scope", "admin", .. Data]);
        Assert.NotNull(unknownTenant.Errors(expectedExit: 1)["tenant"]);
        var badScope = await Cli.RunAsync(["create-api-key", "--tenant", $"{(int)first["tenantId"]!}", "--name", "x", "--scope", "owner", .. Data]);
        Assert.NotNull(badScope.Errors(expectedExit: 1)["scope"]);
    }

    [Fact]
    public async Task An_unknown_verb_or_a_missing_option_exits_2_with_the_usage_and_touches_no_database()
    {
        var unknown = await Cli.RunAsync(["create-tenat", "--name", "x", .. Data]);
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("unknown command 'create-tenat'", unknown.Stderr);
        Assert.Contains("create-api-key --tenant", unknown.Stderr);
        Assert.Equal("", unknown.Stdout);

        var missing = await Cli.RunAsync(["create-tenant", "--name", "Acme", "--admin-email", "a@acme.test", "--admin-password", .. Data]);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("missing --admin-password", missing.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task Migrate_and_seed_demo_print_json_and_seed_demo_can_run_twice()
    {
        var migrated = (await Cli.RunAsync(["migrate", .. Data])).Json();
        Assert.True((int)migrated["applied"]! > 0);
        Assert.True(File.Exists(Path.Combine(_folder, "flowadmin.db")));

        var seeded = (await Cli.RunAsync(["seed-demo", .. Data])).Json();
        Assert.True((bool)seeded["created"]!);
        Assert.Equal("admin@demo.flowadmin.local", (string)seeded["logins"]![0]!["email"]!);
        var again = (await Cli.RunAsync(["seed-demo", .. Data])).Json();
        Assert.False((bool)again["created"]!);
        Assert.Equal((int)seeded["tenantId"]!, (int)again["tenantId"]!);
        Assert.Equal(0, (int)(await Cli.RunAsync(["migrate", .. Data])).Json()["applied"]!);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One run of <c>dotnet FlowAdmin.Web.dll ...</c> from the test's bin folder (the project reference puts the app there).</summary>
internal sealed record Cli(int Exit, string Stdout, string Stderr)
{
    public static async Task<Cli> RunAsync(string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            // appsettings.json is read from the content root, the working directory.
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FlowAdmin.Web.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.StandardInput.Close(); // no prompts: a command that waited for input would fail here, not hang
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"FlowAdmin.Web {string.Join(' ', args)} did not exit");
        }
        return new(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A successful run's stdout, which must be one JSON document and nothing else.</summary>
    public JsonNode Json()
    {
        Assert.True(Exit == 0, $"exit {Exit}: {Stderr}");
        return JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("no JSON on stdout");
    }

    /// <summary>A refused run's <c>errors</c> object, by option name: the last line of stderr (warnings may come before it).</summary>
    public JsonNode Errors(int expectedExit)
    {
        Assert.True(Exit == expectedExit, $"exit {Exit}, expected {expectedExit}: {Stdout} {Stderr}");
        Assert.Equal("", Stdout);
        return JsonNode.Parse(Stderr.TrimEnd().Split('\n')[^1])!["errors"]!;
    }
}
