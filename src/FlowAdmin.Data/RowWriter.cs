using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FlowAdmin.Data;

/// <summary>
/// Writes many rows of one entity type through one command per statement shape, so the provider
/// prepares it once and only rebinds values. EF's SaveChanges tracks every entity and builds and
/// prepares a statement per row: in the push intake's group commit and the webhook recorder that was
/// most of the time spent. Tables, columns and value conversions come from the EF model, so the three
/// providers are written the same way. It runs on the context's connection and current transaction,
/// does not track the rows and does not stamp the tenant: callers write rows that already carry it.
/// </summary>
public static partial class RowWriter
{
    private static readonly ConcurrentDictionary<(Type, string, string), Statement> Statements = new();

    /// <summary>
    /// Inserts <paramref name="rows"/> and sets each one's generated key. On SQLite and PostgreSQL many rows go
    /// in one multi-row INSERT ... RETURNING (a statement per row was most of the webhook recorder's and the
    /// group commit's write): chunks of a power of two rows, so that few statement shapes exist (a chunk's
    /// size: <see cref="MaxRowsPerInsert"/>). A failing chunk inserts none of its rows; the caller's transaction is
    /// what makes a batch all or nothing, as before. SQL Server keeps one statement per row: the order of
    /// OUTPUT rows is not tied to the order of the VALUES there.
    /// </summary>
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var provider = db.Database.ProviderName ?? "";
        var single = Statements.GetOrAdd((typeof(T), "insert", provider), _ => Insert(db, typeof(T), withKey: false));
        var maxRows = IsSqlServer(db) ? 1 : MaxRowsPerInsert(single.Parameters);
        for (var start = 0; start < rows.Count;)
        {
            var count = Math.Min(maxRows, 1 << System.Numerics.BitOperations.Log2((uint)(rows.Count - start)));
            var statement = count == 1 ? single
                : Statements.GetOrAdd((typeof(T), "insert*" + count, provider), _ => Insert(db, typeof(T), withKey: false, rows: count));
            List<long> ids;
            if (await NativeAsync(db, statement, ct) is { } native)
            {
                var from = start;
                ids = await ExecuteAsync(db, statement, () => Task.FromResult(native.Query(statement, i => statement.Value(i, rows, from))));
            }
            else
            {
                var command = await CommandAsync(db, statement, ct);
                statement.Bind(command, rows, start);
                ids = await ExecuteAsync(db, statement, async () =>
                {
                    var list = new List<long>(count);
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct)) list.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
                    return list;
                });
            }
            if (count == 1)
            {
                if (ids.Count != 1) throw new DbUpdateException($"Inserted a {typeof(T).Name} row, {ids.Count} keys came back.");
                SetKey(statement.Key, rows[start], ids[0]);
            }
            else
            {
                // RETURNING gives the rows in no promised order, but one statement takes its keys in the order of its
                // VALUES, ascending (SQLite: one writer and AUTOINCREMENT; PostgreSQL: one sequence's nextval per row).
                if (ids.Count != count) throw new DbUpdateException($"Inserted {count} {typeof(T).Name} rows, {ids.Count} keys came back.");
                ids.Sort();
                for (var i = 0; i < count; i++) SetKey(statement.Key, rows[start + i], ids[i]);
            }
            start += count;
        }
    }

    private static void SetKey(IProperty key, object row, object? id) =>
        key.PropertyInfo!.SetValue(row, Convert.ChangeType(id, key.ClrType, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// The largest power of two rows (at most 16) whose parameters stay within about 200: a LogEntry's 21
    /// columns give 8 rows. Microsoft.Data.Sqlite binds every parameter by name and SQLite finds a name by a
    /// scan of all of them, so a statement's binding grows with the square of its parameters: 128 rows of a
    /// LogEntry (2,560 parameters, at 20 columns) were slower than one row at a time; 8 rows were the fastest measured
    /// (log rows 11,400/s one by one, 15,500–17,900/s 8 at a time, 13,700–15,300/s 32, 7,700/s 128). Well
    /// within SQLite's 32,766 parameters and PostgreSQL's 65,535. That was measured through Microsoft.Data.Sqlite;
    /// on SQLite RowWriter now binds by position (RowWriter.Sqlite.cs), which has no such square, and the size was
    /// not measured again.
    /// </summary>
    private static int MaxRowsPerInsert(int parametersPerRow)
    {
        var rows = 16;
        while (rows > 1 && rows * parametersPerRow > 200) rows /= 2;
        return rows;
    }

    /// <summary>Inserts <paramref name="rows"/> with the keys they already carry (a client-made Guid, say).</summary>
    public static async Task InsertWithKeysAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        await ExecuteEachAsync(db, Statements.GetOrAdd((typeof(T), "insert-with-key", db.Database.ProviderName ?? ""), _ => Insert(db, typeof(T), withKey: true)), rows, ct);
    }

    /// <summary>Writes the named properties of <paramref name="rows"/>, each row found by its key.</summary>
    public static async Task UpdateAsync<T>(DbContext db, IReadOnlyList<T> rows, string[] properties, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        await ExecuteEachAsync(db, Statements.GetOrAdd((typeof(T), string.Join(",", properties), db.Database.ProviderName ?? ""), _ => Update(db, typeof(T), properties, null)), rows, ct);
    }

    private static Task ExecuteEachAsync<T>(DbContext db, Statement statement, IReadOnlyList<T> rows, CancellationToken ct) where T : class =>
        ExecuteEachAsync(db, statement, rows.Select(r => (r, (object?)null)), (_, _) => { }, ct);

    /// <summary>Runs <paramref name="statement"/> once per row (with its expected token); <paramref name="changed"/> sees each row's count of changed rows.</summary>
    private static async Task ExecuteEachAsync<T>(
        DbContext db, Statement statement, IEnumerable<(T Row, object? Expected)> rows, Action<T, int> changed, CancellationToken ct) where T : class
    {
        if (await NativeAsync(db, statement, ct) is { } native)
        {
            foreach (var (row, expected) in rows)
                changed(row, await ExecuteAsync(db, statement, () => Task.FromResult(native.Execute(statement, i => statement.Value(i, row, expected)))));
            return;
        }
        var command = await CommandAsync(db, statement, ct);
        foreach (var (row, expected) in rows)
        {
            statement.Bind(command, row, expected);
            changed(row, await ExecuteAsync(db, statement, () => command.ExecuteNonQueryAsync(ct)));
        }
    }

    /// <summary>
    /// Writes the named properties of <paramref name="rows"/> (the new value of the concurrency token
    /// <paramref name="token"/> among them) only where the row still carries the token's value it was read
    /// with, <c>Expected</c>: a row that another writer changed since is not overwritten, and the write fails
    /// with a <see cref="DbUpdateConcurrencyException"/>, as SaveChanges fails on a stale token.
    /// </summary>
    public static async Task UpdateCheckedAsync<T>(
        DbContext db, IReadOnlyList<(T Row, object Expected)> rows, string[] properties, string token, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var statement = Statements.GetOrAdd((typeof(T), string.Join(",", properties) + "?" + token, db.Database.ProviderName ?? ""), _ => Update(db, typeof(T), properties, token));
        await ExecuteEachAsync(db, statement, rows.Select(r => (r.Row, (object?)r.Expected)), (row, changed) =>
        {
            if (changed == 0)
                throw new DbUpdateConcurrencyException(
                    $"The {typeof(T).Name} {statement.Key.GetGetter().GetClrValue(row)} was changed by another writer since it was read.");
        }, ct);
    }

}
