using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlowAdmin.Bench.Logs;

/// <summary>
/// The <c>plan</c> verb: prints every query the Logs service sends, with SQLite's EXPLAIN QUERY PLAN
/// run on the same connection and parameters, so a slow scenario's index choice can be seen, and each statement's
/// time from its execution to the end of reading its rows (the plan is asked before, so its pages are cached).
/// </summary>
public sealed class QueryPlans : DbCommandInterceptor
{
    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Console.WriteLine(command.CommandText);
        foreach (DbParameter p in command.Parameters) Console.WriteLine($"  {p.ParameterName} = {p.Value}");
        await using var explain = command.Connection!.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        foreach (DbParameter p in command.Parameters)
        {
            var copy = explain.CreateParameter();
            copy.ParameterName = p.ParameterName;
            copy.Value = p.Value;
            explain.Parameters.Add(copy);
        }
        await using var reader = await explain.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) Console.WriteLine($"  PLAN {reader.GetValue(3)}");
        return result;
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Console.WriteLine($"  TIME {eventData.Duration.TotalMilliseconds:F1} ms, {eventData.ReadCount} rows");
        Console.WriteLine();
        return result;
    }
}
