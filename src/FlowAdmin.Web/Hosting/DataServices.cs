using FlowAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Hosting;

public static class DataServices
{
    public static readonly string[] Providers = ["Sqlite", "SqlServer", "PostgreSql"];

    /// <summary>
    /// One AppDbContext, three providers, each with its own migrations assembly. The factory is scoped
    /// so every context it makes sees the scope's tenant (Blazor pages open one context per operation).
    /// </summary>
    public static IServiceCollection AddFlowAdminData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var db = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new();
        var app = configuration.GetSection(FlowAdminOptions.Section).Get<FlowAdminOptions>() ?? new();
        var connectionString = ResolveConnectionString(db, app, contentRoot);

        services.AddDbContextFactory<AppDbContext>(options => Configure(options, db.Provider, connectionString), ServiceLifetime.Scoped);
        return services;
    }

    private static readonly SqlitePragmas SqlitePragmasInstance = new();

    public static void Configure(DbContextOptionsBuilder options, string provider, string connectionString)
    {
        switch (provider)
        {
            case "Sqlite":
                options.UseSqlite(connectionString, o => o.MigrationsAssembly("FlowAdmin.Data.Sqlite")).AddInterceptors(SqlitePragmasInstance);
                break;
            case "SqlServer":
                options.UseSqlServer(connectionString, o => o.MigrationsAssembly("FlowAdmin.Data.SqlServer"));
                break;
            case "PostgreSql":
                options.UseNpgsql(connectionString, o => o.MigrationsAssembly("FlowAdmin.Data.PostgreSql"));
                break;
            default:
                throw new InvalidOperationException(
                    $"Database:Provider '{provider}' is not supported; use one of {string.Join(", ", Providers)}.");
        }
    }

    public static string ResolveConnectionString(DatabaseOptions db, FlowAdminOptions app, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(db.ConnectionString)) return db.ConnectionString;
        if (db.Provider != "Sqlite")
            throw new InvalidOperationException($"Database:ConnectionString is required for the {db.Provider} provider.");
        var folder = Path.GetFullPath(Path.Combine(contentRoot, app.DataFolder));
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "flowadmin.db")}";
    }
}
