using System.Globalization;
using FlowAdmin.Bench.Webhooks;

// bench/webhooks.sh [--runs 3] [--phase all|throughput|latency|isolation] [--count 20000] [--rate 500]
//                   [--seconds 20] [--isolation-rate 100] [--concurrency 16] [--warmup 3]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string Arg(string name, string fallback) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() ?? fallback;
var options = new BenchOptions(
    Runs: int.Parse(Arg("runs", "3")),
    Phase: Arg("phase", "all"),
    Count: int.Parse(Arg("count", "20000")),
    Rate: int.Parse(Arg("rate", "500")),
    Seconds: int.Parse(Arg("seconds", "20")),
    IsolationRate: int.Parse(Arg("isolation-rate", "100")),
    Concurrency: int.Parse(Arg("concurrency", "16")),
    Warmup: int.Parse(Arg("warmup", "3")));

Console.WriteLine($"Webhook delivery benchmark, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {options}");
await using var receiver = await BenchReceiver.StartAsync();
var results = new List<RunResult>();
for (var run = 1; run <= options.Runs; run++)
{
    await using var app = await BenchApp.StartAsync(options);
    var result = new RunResult(run);
    if (options.Phase == "diag") await Diag.RunAsync(app, receiver, options);
    if (options.Phase is "all" or "throughput") result.Throughput = await Phases.ThroughputAsync(app, receiver, options);
    if (options.Phase is "all" or "latency") result.Latency = await Phases.LatencyAsync(app, receiver, options);
    if (options.Phase is "all" or "isolation") result.Isolation = await Phases.IsolationAsync(app, receiver, options);
    Console.WriteLine(result);
    results.Add(result);
}
Console.WriteLine();
Console.WriteLine(RunResult.Medians(results));
