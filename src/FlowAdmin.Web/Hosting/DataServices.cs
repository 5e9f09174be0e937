using FlowAdmin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlowAdmin.Web.Hosting;

public static class DataServices
{
    public static readonly string[] Providers = ["Sqlite", "SqlServer", "PostgreSql"];

    /// <summary>
    /// One AppDbContext, three providers, each with its own migrations assembly. The options are built
    /// once (EF's own AddDbContextFactory with a scoped lifetime rebuilt them for every request, a tenth
    /// of the push intake's CPU); the factory is scoped so every context it makes sees the scope's tenant
    /// (Blazor pages open one context per operation). Interceptors are the registered IInterceptor singletons.
    /// </summary>
    public static IServiceCollection AddFlowAdminData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var db = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new();
        var app = configuration.GetSection(FlowAdminOptions.Section).Get<FlowAdminOptions>() ?? new();
        var connectionString = ResolveConnectionString(db, app, contentRoot);

        services.AddSingleton(sp =>
        {
            var options = new DbContextOptionsBuilder<AppDbContext>()
                .UseApplicationServiceProvider(sp)
                .AddInterceptors(sp.GetServices<IInterceptor>());
            Configure(options, db.Provider, connectionString);
            return options.Options;
        });
        services.AddScoped<IDbContextFactory<AppDbContext>, TenantDbContextFactory>();
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        if (db.Provider == "Sqlite")
            services.AddHostedService(sp => new SqliteCheckpointer(connectionString, sp.GetRequiredService<ILogger<SqliteCheckpointer>>()));
        return services;
    }

    /// <summary>Contexts for the scope's tenant, on the shared options.</summary>
    private sealed class TenantDbContextFactory(DbContextOptions<AppDbContext> options, ITenantScope tenant) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => new(options, tenant);
    }

    private static readonly SqlitePragmas SqlitePragmasInstance = new();

    public static void Configure(DbContextOptionsBuilder options, string provider, string connectionString)
    {
        switch (provider)
        {
            case "Sqlite":
                options.UseSqlite(connectionString, o => o.MigrationsAssembly("FlowAdmin.Data.Sqlite")).AddInterceptors(SqlitePragmasInstance, SqliteWriteGate.For(connectionString));
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
