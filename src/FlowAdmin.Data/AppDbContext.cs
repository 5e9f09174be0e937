using System.Linq.Expressions;
using FlowAdmin.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Data;

/// <summary>
/// The one context for every provider. Tenant isolation lives here and only here: every
/// <see cref="ITenantOwned"/> entity gets a global query filter on <see cref="CurrentTenantId"/>,
/// and saving refuses a row of another tenant. Identity's users are not filtered (sign-in must find
/// them before a tenant is known); read them through <see cref="TenantUsers"/>.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options, ITenantScope tenant)
    : IdentityDbContext<AppUser, IdentityRole<int>, int>(options), IDataProtectionKeyContext
{
    public int? CurrentTenantId => tenant.TenantId;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<ClosingReason> ClosingReasons => Set<ClosingReason>();
    public DbSet<Template> Templates => Set<Template>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<LeadStatus> LeadStatuses => Set<LeadStatus>();
    public DbSet<Wallet> Wallets => Set<Wallet>();
    public DbSet<ContactWallet> ContactWallets => Set<ContactWallet>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketEvent> TicketEvents => Set<TicketEvent>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<ApiConfig> ApiConfigs => Set<ApiConfig>();
    public DbSet<PushRequest> PushRequests => Set<PushRequest>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<PlatformEvent> PlatformEvents => Set<PlatformEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<LogEntry> LogEntries => Set<LogEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The users of the current tenant (Identity's own Users set is deliberately unfiltered).</summary>
    public IQueryable<AppUser> TenantUsers => Users.Where(u => u.TenantId == CurrentTenantId);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        foreach (var type in builder.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
        {
            builder.Entity(type.ClrType).HasQueryFilter(TenantFilter(type.ClrType));
            builder.Entity(type.ClrType).HasIndex(nameof(ITenantOwned.TenantId));
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite hands DateTime back as Unspecified; every time in this model is UTC.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    // Changes are detected once, for the stamp, and not again by SaveChanges: a batch of routed pushes
    // tracks hundreds of entities and saves several times, and each detection walks all of them.
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var auto = DetectAndStamp();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = auto;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var auto = DetectAndStamp();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = auto;
        }
    }

    private bool DetectAndStamp()
    {
        var auto = ChangeTracker.AutoDetectChangesEnabled;
        if (auto) ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            StampTenant();
        }
        catch
        {
            ChangeTracker.AutoDetectChangesEnabled = auto;
            throw;
        }
        return auto;
    }

    /// <summary>New rows take the current tenant; a row of another tenant is never written.</summary>
    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.TenantId == 0 && CurrentTenantId is { } id)
                entry.Entity.TenantId = id;
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && CurrentTenantId is { } current && entry.Entity.TenantId != current)
                throw new InvalidOperationException($"A {entry.Entity.GetType().Name} of another tenant cannot be written.");
        }
    }

    private LambdaExpression TenantFilter(Type type)
    {
        var entity = Expression.Parameter(type, "e");
        var tenantId = Expression.Convert(Expression.Property(entity, nameof(ITenantOwned.TenantId)), typeof(int?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        return Expression.Lambda(Expression.Equal(tenantId, current), entity);
    }
}
