#!/usr/bin/env bash
# The one command that re-runs every figure of docs/benchmarks.md:
#   bench/push.sh                      # all three figures, 3 runs each, medians at the end
#   bench/push.sh --phase throughput   # or latency, drain; --runs N, --duration S, ... (see BenchOptions.cs)
# It publishes the app (Release), builds the load generator, then the generator starts the published
# app as a separate process on a fresh SQLite file per phase and drives it over loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/.publish
if [[ "${1:-}" == "--no-publish" ]]; then
  shift # reuse the last published app and generator (e.g. a second run on a busy machine)
else
dotnet publish src/FlowAdmin.Web/FlowAdmin.Web.csproj -c Release -o "$out/app" --nologo -v q -p:TreatWarningsAsErrors=true
dotnet publish bench/FlowAdmin.Bench/FlowAdmin.Bench.csproj -c Release -o "$out/bench" --nologo -v q
fi
exec dotnet "$out/bench/FlowAdmin.Bench.dll" --app "$PWD/$out/app/FlowAdmin.Web.dll" --results bench/results "$@"
