using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace FlowAdmin.Data;

/// <summary>
/// On SQLite, RowWriter runs its statements on the connection's own handle and binds values by position.
/// Microsoft.Data.Sqlite binds every parameter by name at every execution: the name is encoded to UTF-8
/// and SQLite finds it by a scan of all the statement's names (for an 8-row insert of log entries, 160
/// names, so about 13,000 string compares per execution), and each value is bound through a new binder
/// object. In the push intake's profile that was about 5% of the app's CPU (docs/benchmarks.md). The values
/// are the ones Microsoft.Data.Sqlite would bind, in the same SQLite types and text formats
/// (<c>RowWriterSqliteTests</c> compares the stored values with SaveChanges'); a statement with a column of
/// another type keeps the ADO.NET command.
/// </summary>
public static partial class RowWriter
{
    /// <summary>A statement prepared once on one connection's handle and then only rebound and reset.</summary>
    private sealed class NativeStatement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _stmt;

        private NativeStatement(sqlite3 db, sqlite3_stmt stmt) => (_db, _stmt) = (db, stmt);

        /// <summary>The native statement for <paramref name="statement"/>, or null where the ADO.NET command is used.</summary>
        public static NativeStatement? TryPrepare(System.Data.Common.DbConnection connection, Statement statement)
        {
            if (connection is not SqliteConnection { Handle: { } db } || !statement.BindsNatively) return null;
            // PERSISTENT: the statement lives as long as the connection, so SQLite keeps it out of its lookaside memory.
            Check(raw.sqlite3_prepare_v3(db, statement.Sql, raw.SQLITE_PREPARE_PERSISTENT, out var stmt), db);
            return new NativeStatement(db, stmt);
        }

        /// <summary>Binds the values and runs the statement; returns the first column of each row it returns.</summary>
        public List<long> Query(Statement statement, Func<int, object?> value)
        {
            var ids = new List<long>();
            Run(statement, value, ids);
            return ids;
        }

        /// <summary>Binds the values and runs the statement; returns the number of rows it changed.</summary>
        public int Execute(Statement statement, Func<int, object?> value)
        {
            Run(statement, value, null);
            return raw.sqlite3_changes(_db);
        }

        private void Run(Statement statement, Func<int, object?> value, List<long>? ids)
        {
            try
            {
                for (var i = 0; i < statement.ParameterCount; i++) Bind(i + 1, value(i));
                int rc;
                while ((rc = raw.sqlite3_step(_stmt)) == raw.SQLITE_ROW) ids?.Add(raw.sqlite3_column_int64(_stmt, 0));
                if (rc != raw.SQLITE_DONE) Check(rc, _db);
            }
            finally
            {
                raw.sqlite3_reset(_stmt);
            }
        }

        // As Microsoft.Data.Sqlite's SqliteValueBinder binds these types (its defaults: dates as ISO text).
        private void Bind(int index, object? value)
        {
            var rc = value switch
            {
                null or DBNull => raw.sqlite3_bind_null(_stmt, index),
                string text => raw.sqlite3_bind_text(_stmt, index, text),
                long number => raw.sqlite3_bind_int64(_stmt, index, number),
                int number => raw.sqlite3_bind_int64(_stmt, index, number),
                short number => raw.sqlite3_bind_int64(_stmt, index, number),
                byte number => raw.sqlite3_bind_int64(_stmt, index, number),
                bool flag => raw.sqlite3_bind_int64(_stmt, index, flag ? 1 : 0),
                double real => raw.sqlite3_bind_double(_stmt, index, real),
                float real => raw.sqlite3_bind_double(_stmt, index, real),
                // An empty array bound as a blob would be NULL: SQLite takes a zero-length pointer for no value.
                byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(_stmt, index, 0),
                byte[] bytes => raw.sqlite3_bind_blob(_stmt, index, bytes),
                DateTime date => raw.sqlite3_bind_text(_stmt, index, date.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
                _ => throw new NotSupportedException($"RowWriter cannot bind a {value.GetType().Name} natively."),
            };
            Check(rc, _db);
        }

        private static void Check(int rc, sqlite3 db)
        {
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, db);
        }

        public void Dispose() => _stmt.Dispose();

        /// <summary>The provider types <see cref="Bind"/> takes (after the property's value converter).</summary>
        public static bool Binds(Type providerType)
        {
            var type = Nullable.GetUnderlyingType(providerType) ?? providerType;
            if (type.IsEnum) type = Enum.GetUnderlyingType(type);
            return type == typeof(string) || type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte)
                || type == typeof(bool) || type == typeof(double) || type == typeof(float) || type == typeof(byte[]) || type == typeof(DateTime);
        }
    }
}
