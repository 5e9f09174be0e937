using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FlowAdmin.IntegrationTests.Infrastructure;

/// <summary>
/// A real, throw-away PostgreSQL server for the whole test run, started from the machine's own
/// binaries (Debian's postgresql package; .ci/run installs it). Set FLOWADMIN_TEST_POSTGRES to a
/// connection string to use an existing server instead. Each test app gets its own database.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A connection string to a new, empty database on the shared server.</summary>
    public static string NewDatabase() => $"{Server.Value};Database=flowadmin_{Guid.NewGuid():N}";

    private static string Start()
    {
        var existing = Environment.GetEnvironmentVariable("FLOWADMIN_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(existing)) return existing;

        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("PostgreSQL binaries not found: install Debian's postgresql package (bash .ci/run does) or set FLOWADMIN_TEST_POSTGRES.");

        var root = Directory.CreateTempSubdirectory("flowadmin-pg-").FullName;
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "postgres:postgres", root);
        Exec(bin, asRoot, $"initdb -D {root}/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
        Exec(bin, asRoot, $"pg_ctl -D {root}/data -l {root}/server.log -o \"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c max_connections=300\" -w start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Exec(bin, asRoot, $"pg_ctl -D {root}/data -m immediate -w stop");
        return $"Host=127.0.0.1;Port={port};Username=postgres;Include Error Detail=true";
    }

    private static void Exec(string bin, bool asRoot, string command)
    {
        var line = $"{bin}/{command}";
        if (asRoot) Run("su", "postgres", "-c", line);
        else Run("/bin/sh", "-c", line);
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {error} {output.Result}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
