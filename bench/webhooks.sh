#!/usr/bin/env bash
# The webhook delivery figures of docs/benchmarks.md ("Webhook delivery"), in one command:
#   bench/webhooks.sh                       # throughput, latency and isolation, 3 runs, medians at the end
#   bench/webhooks.sh --runs 5 --phase latency --rate 500 --seconds 20
# The real app's services run in the benchmark's process (Quartz-supervised dispatcher, SQLite, every attempt
# logged), with a Kestrel receiver on loopback answering 204 and a bare HttpClient loop as the yardstick.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build bench/FlowAdmin.Bench.Webhooks/FlowAdmin.Bench.Webhooks.csproj -c Release --nologo -v q -warnaserror
exec dotnet bench/FlowAdmin.Bench.Webhooks/bin/Release/net10.0/FlowAdmin.Bench.Webhooks.dll "$@"
