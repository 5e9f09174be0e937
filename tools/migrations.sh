#!/usr/bin/env bash
# Adds one migration to each provider's migrations assembly (the model is one; the SQL is three).
#   tools/migrations.sh add <Name>      add <Name> for Sqlite, SqlServer and PostgreSql
#   tools/migrations.sh check           fail if any provider has pending model changes
# No database server is needed: the connection strings below are never opened.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
declare -A CS=(
  [Sqlite]="Data Source=design-time.db"
  [SqlServer]="Server=localhost;Database=FlowAdmin;Trusted_Connection=True;TrustServerCertificate=True"
  [PostgreSql]="Host=localhost;Database=flowadmin;Username=flowadmin"
)
verb=${1:?usage: tools/migrations.sh add <Name> | check}
for provider in Sqlite SqlServer PostgreSql; do
  args=(--project "src/FlowAdmin.Data.$provider" --startup-project src/FlowAdmin.Web --context AppDbContext)
  app=(-- --Database:Provider "$provider" --Database:ConnectionString "${CS[$provider]}")
  case "$verb" in
    add) dotnet ef migrations add "${2:?name}" "${args[@]}" --output-dir Migrations "${app[@]}" ;;
    check) dotnet ef migrations has-pending-model-changes "${args[@]}" "${app[@]}" ;;
    *) echo "unknown verb $verb" >&2; exit 2 ;;
  esac
done
