using System.Diagnostics;

namespace FlowAdmin.Bench;

/// <summary>
/// The app under test as a real, separate process (the published FlowAdmin.Web.dll), on its own data
/// folder and loopback port. Its console output goes to a log file beside the database.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    public Uri BaseAddress { get; }
    public string DataFolder { get; }
    public string DatabasePath => Path.Combine(DataFolder, "flowadmin.db");

    private AppProcess(Process process, StreamWriter log, Uri baseAddress, string dataFolder)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
    }

    public int ProcessId => _process.Id;

    /// <summary>CPU time the app used so far (user + kernel), to tell what saturates.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<AppProcess> StartAsync(string appDll, string dataFolder, int port, IReadOnlyDictionary<string, string> settings, CancellationToken ct)
    {
        Directory.CreateDirectory(dataFolder);
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
        };
        info.ArgumentList.Add(appDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        info.ArgumentList.Add("--FlowAdmin:DataFolder");
        info.ArgumentList.Add(dataFolder);
        info.ArgumentList.Add("--demo");
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add("--" + key);
            info.ArgumentList.Add(value);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var log = new StreamWriter(Path.Combine(dataFolder, "app.log"), append: true) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the app.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, log, baseAddress, dataFolder);
        await app.WaitReadyAsync(ct);
        return app;
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited with {_process.ExitCode}; see {DataFolder}/app.log.");
            try
            {
                // Any answer means Kestrel listens and the database is migrated (that happens before Run).
                using var response = await http.GetAsync("/account/login", ct);
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(250, ct);
        }
        throw new TimeoutException("The app did not answer within 90 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: a graceful stop, as a service manager would do.
            Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
