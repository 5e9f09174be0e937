using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Tests.Settings;

/// <summary>
/// A real AppDbContext on an in-memory SQLite database with two tenants, and a context factory pinned to
/// tenant A, as the app's scoped factory is for a signed-in administrator of A.
/// </summary>
public sealed class SettingsDb : IDbContextFactory<AppDbContext>, IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly DbContextOptions<AppDbContext> _options;
    private readonly ServiceProvider _localization = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();

    public int TenantA { get; }
    public int TenantB { get; }

    public SettingsDb()
    {
        _connection.Open();
        _options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite(_connection).Options;
        using var db = For(null);
        db.Database.EnsureCreated();
        var a = new Tenant { Name = "A" };
        var b = new Tenant { Name = "B" };
        db.Tenants.AddRange(a, b);
        db.SaveChanges();
        (TenantA, TenantB) = (a.Id, b.Id);
    }

    /// <summary>A context working for one tenant (null: none, for set-up only).</summary>
    public AppDbContext For(int? tenantId) => new(_options, new FixedTenantScope(tenantId));

    public AppDbContext CreateDbContext() => For(TenantA);

    public IStringLocalizer<T> Localizer<T>() => _localization.GetRequiredService<IStringLocalizer<T>>();

    /// <summary>Adds rows as <paramref name="tenantId"/> and returns them with their ids.</summary>
    public T Add<T>(int tenantId, T entity) where T : class
    {
        using var db = For(tenantId);
        db.Add(entity);
        db.SaveChanges();
        return entity;
    }

    public void Dispose()
    {
        _localization.Dispose();
        _connection.Dispose();
    }
}
