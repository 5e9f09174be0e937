using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FlowAdmin.Data;

/// <summary>The statements RowWriter runs: their SQL, built from the EF model, and how a row binds to them.</summary>
public static partial class RowWriter
{
    /// <summary>
    /// One statement shape: its SQL, the properties its placeholders take their values from (in order; a
    /// multi-row insert has a row's worth per row), their type mappings and the provider's parameter names;
    /// for a checked update, a last parameter for the concurrency token's expected value.
    /// </summary>
    private sealed class Statement
    {
        private readonly IProperty[] _typed;
        private readonly RelationalTypeMapping[] _mappings;
        private readonly IClrPropertyGetter[] _getters;
        private readonly string[] _names;
        private readonly bool _rebuildParameters;

        public Statement(string sql, IProperty key, IProperty[] parameters, IProperty? expectedToken, ISqlGenerationHelper names, bool rebuildParameters, int rows = 1)
        {
            Sql = sql;
            Key = key;
            Parameters = parameters.Length;
            var all = Enumerable.Repeat(parameters, rows).SelectMany(p => p).ToArray();
            _typed = expectedToken is null ? all : [.. all, expectedToken];
            _mappings = _typed.Select(p => p.GetRelationalTypeMapping()).ToArray();
            _getters = all.Select(p => p.GetGetter()).ToArray();
            _names = _typed.Select((_, i) => names.GenerateParameterName("p" + i)).ToArray();
            _rebuildParameters = rebuildParameters;
            BindsNatively = _mappings.All(m => NativeStatement.Binds(m.Converter?.ProviderClrType ?? m.ClrType));
        }

        public string Sql { get; }
        public IProperty Key { get; }
        /// <summary>Parameters per row.</summary>
        public int Parameters { get; }
        /// <summary>Parameters of the whole statement.</summary>
        public int ParameterCount => _typed.Length;
        /// <summary>Every column's provider type is one <see cref="NativeStatement"/> binds (on SQLite).</summary>
        public bool BindsNatively { get; }

        /// <summary>Parameter <paramref name="i"/>'s provider value for <paramref name="row"/> (or the expected token's).</summary>
        public object? Value(int i, object row, object? expected = null) =>
            ToProvider(i, i < _getters.Length ? _getters[i].GetClrValue(row) : expected);

        /// <summary>Parameter <paramref name="i"/>'s provider value in a multi-row insert of <paramref name="rows"/> from <paramref name="start"/>.</summary>
        public object? Value<T>(int i, IReadOnlyList<T> rows, int start) where T : class =>
            ToProvider(i, _getters[i].GetClrValue(rows[start + i / Parameters]));

        /// <summary>
        /// Sets the row's values. The parameters are made once per command, named exactly as the SQL's
        /// placeholders, and then only get new values: SQLite looks each one up by name at every execution
        /// (a name without its prefix cost four lookups instead of one), and new parameters for every row
        /// were a good part of the writes' time. SQL Server sizes a string parameter by its value, so
        /// there they are made anew for each row.
        /// </summary>
        public void Bind(DbCommand command, object row, object? expected = null)
        {
            var fresh = Fresh(command);
            for (var i = 0; i < _typed.Length; i++) Set(command, i, i < _getters.Length ? _getters[i].GetClrValue(row) : expected, fresh);
        }

        /// <summary>Sets the values of a multi-row insert: its rows from <paramref name="start"/> on.</summary>
        public void Bind<T>(DbCommand command, IReadOnlyList<T> rows, int start) where T : class
        {
            var fresh = Fresh(command);
            for (var i = 0; i < _typed.Length; i++) Set(command, i, _getters[i].GetClrValue(rows[start + i / Parameters]), fresh);
        }

        private bool Fresh(DbCommand command)
        {
            var fresh = _rebuildParameters || command.Parameters.Count == 0;
            if (fresh) command.Parameters.Clear();
            return fresh;
        }

        private void Set(DbCommand command, int i, object? value, bool fresh)
        {
            var mapping = _mappings[i];
            if (fresh)
            {
                // The mapping applies the property's value converter (enum as text, UTC dates) as SaveChanges would.
                command.Parameters.Add(mapping.CreateParameter(command, _names[i], value, _typed[i].IsNullable));
                return;
            }
            command.Parameters[i].Value = ToProvider(i, value) ?? DBNull.Value;
        }

        // The mapping's value converter (enum as text, UTC dates), or an enum's number, as CreateParameter does it.
        private object? ToProvider(int i, object? value)
        {
            if (_mappings[i].Converter is { } converter) return converter.ConvertToProvider(value);
            return value is Enum member ? Convert.ChangeType(member, Enum.GetUnderlyingType(member.GetType()), System.Globalization.CultureInfo.InvariantCulture) : value;
        }
    }

    private static Statement Insert(DbContext db, Type type, bool withKey, int rows = 1)
    {
        var (entity, sql) = Entity(db, type);
        var key = entity.FindPrimaryKey()!.Properties.Single();
        var columns = entity.GetProperties().Where(p => withKey || p != key).ToArray();
        var names = string.Join(", ", columns.Select(p => sql.DelimitIdentifier(p.GetColumnName())));
        var values = string.Join(", ", Enumerable.Range(0, rows).Select(r =>
            "(" + string.Join(", ", columns.Select((_, i) => sql.GenerateParameterNamePlaceholder("p" + (r * columns.Length + i)))) + ")"));
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var keyColumn = sql.DelimitIdentifier(key.GetColumnName());
        // SQL Server has OUTPUT where SQLite and PostgreSQL have RETURNING (and only one row per statement here).
        var text = withKey ? $"INSERT INTO {table} ({names}) VALUES {values}"
            : IsSqlServer(db) ? $"INSERT INTO {table} ({names}) OUTPUT INSERTED.{keyColumn} VALUES {values}"
            : $"INSERT INTO {table} ({names}) VALUES {values} RETURNING {keyColumn}";
        return new Statement(text, key, columns, null, sql, IsSqlServer(db), rows);
    }

    /// <param name="token">A concurrency token the row must still carry (a checked update), or null.</param>
    private static Statement Update(DbContext db, Type type, string[] properties, string? token)
    {
        var (entity, sql) = Entity(db, type);
        var key = entity.FindPrimaryKey()!.Properties.Single();
        IProperty Property(string name) => entity.FindProperty(name) ?? throw new ArgumentException($"{type.Name} has no property {name}.", nameof(properties));
        var columns = properties.Select(Property).ToArray();
        var sets = string.Join(", ", columns.Select((p, i) => $"{sql.DelimitIdentifier(p.GetColumnName())} = {sql.GenerateParameterNamePlaceholder("p" + i)}"));
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var text = $"UPDATE {table} SET {sets} WHERE {sql.DelimitIdentifier(key.GetColumnName())} = {sql.GenerateParameterNamePlaceholder("p" + columns.Length)}";
        var checkedToken = token is null ? null : Property(token);
        if (checkedToken is not null)
            text += $" AND {sql.DelimitIdentifier(checkedToken.GetColumnName())} = {sql.GenerateParameterNamePlaceholder("p" + (columns.Length + 1))}";
        return new Statement(text, key, [.. columns, key], checkedToken, sql, IsSqlServer(db));
    }

    private static (IEntityType Entity, ISqlGenerationHelper Sql) Entity(DbContext db, Type type) =>
        (db.Model.FindEntityType(type) ?? throw new ArgumentException($"{type.Name} is not an entity of the model.", nameof(type)),
            db.GetService<ISqlGenerationHelper>());

    private static bool IsSqlServer(DbContext db) => db.Database.ProviderName?.Contains("SqlServer", StringComparison.Ordinal) == true;
}
