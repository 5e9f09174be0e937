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
public static class RowWriter
{
    private static readonly ConcurrentDictionary<(Type, string, string), Statement> Statements = new();

    /// <summary>Inserts <paramref name="rows"/> and sets each one's generated key.</summary>
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var statement = Statements.GetOrAdd((typeof(T), "insert", db.Database.ProviderName ?? ""), _ => Insert(db, typeof(T)));
        await using var command = await CommandAsync(db, statement.Sql, ct);
        foreach (var row in rows)
        {
            Bind(command, statement, row);
            var id = await ExecuteAsync(() => command.ExecuteScalarAsync(ct));
            statement.Key.PropertyInfo!.SetValue(row, Convert.ChangeType(id, statement.Key.ClrType));
        }
    }

    /// <summary>Writes the named properties of <paramref name="rows"/>, each row found by its key.</summary>
    public static async Task UpdateAsync<T>(DbContext db, IReadOnlyList<T> rows, string[] properties, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var statement = Statements.GetOrAdd((typeof(T), string.Join(",", properties), db.Database.ProviderName ?? ""), _ => Update(db, typeof(T), properties));
        await using var command = await CommandAsync(db, statement.Sql, ct);
        foreach (var row in rows)
        {
            Bind(command, statement, row);
            await ExecuteAsync(() => command.ExecuteNonQueryAsync(ct));
        }
    }

    /// <summary>Fails as SaveChanges would, with the provider's error inside a DbUpdateException (callers tell unique violations apart by it).</summary>
    private static async Task<TResult> ExecuteAsync<TResult>(Func<Task<TResult>> execute)
    {
        try
        {
            return await execute();
        }
        catch (DbException e)
        {
            throw new DbUpdateException(e.Message, e);
        }
    }

    private sealed record Statement(string Sql, IProperty Key, IProperty[] Parameters);

    private static async Task<DbCommand> CommandAsync(DbContext db, string sql, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return command;
    }

    private static void Bind(DbCommand command, Statement statement, object row)
    {
        command.Parameters.Clear();
        for (var i = 0; i < statement.Parameters.Length; i++)
        {
            var property = statement.Parameters[i];
            // The mapping applies the property's value converter (enum as text, UTC dates) as SaveChanges would.
            command.Parameters.Add(property.GetRelationalTypeMapping()
                .CreateParameter(command, "p" + i, property.GetGetter().GetClrValue(row), property.IsNullable));
        }
    }

    private static Statement Insert(DbContext db, Type type)
    {
        var (entity, sql) = Entity(db, type);
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var columns = entity.GetProperties().Where(p => p != key).ToArray();
        var names = string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName())));
        var values = string.Join(", ", columns.Select((_, i) => sql.GenerateParameterNamePlaceholder("p" + i)));
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var keyColumn = sql.DelimitIdentifier(key.GetColumnName());
        // SQL Server has OUTPUT where SQLite and PostgreSQL have RETURNING.
        var text = IsSqlServer(db)
            ? $"INSERT INTO {table} ({names}) OUTPUT INSERTED.{keyColumn} VALUES ({values})"
            : $"INSERT INTO {table} ({names}) VALUES ({values}) RETURNING {keyColumn}";
        return new Statement(text, key, columns);
    }

    private static Statement Update(DbContext db, Type type, string[] properties)
    {
        var (entity, sql) = Entity(db, type);
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var columns = properties.Select(name => entity.FindProperty(name)
            ?? throw new ArgumentException($"{type.Name} has no property {name}.", nameof(properties))).ToArray();
        var sets = string.Join(", ", columns.Select((p, i) => $"{sql.DelimitIdentifier(p.GetColumnName())} = {sql.GenerateParameterNamePlaceholder("p" + i)}"));
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var text = $"UPDATE {table} SET {sets} WHERE {sql.DelimitIdentifier(key.GetColumnName())} = {sql.GenerateParameterNamePlaceholder("p" + columns.Length)}";
        return new Statement(text, key, [.. columns, key]);
    }

    private static (IEntityType Entity, ISqlGenerationHelper Sql) Entity(DbContext db, Type type) =>
        (db.Model.FindEntityType(type) ?? throw new ArgumentException($"{type.Name} is not an entity of the model.", nameof(type)),
            db.GetService<ISqlGenerationHelper>());

    private static bool IsSqlServer(DbContext db) => db.Database.ProviderName?.Contains("SqlServer", StringComparison.Ordinal) == true;
}
