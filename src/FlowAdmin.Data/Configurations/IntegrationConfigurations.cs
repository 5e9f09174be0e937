using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowAdmin.Data.Configurations;

internal sealed class ApiConfigConfiguration : IEntityTypeConfiguration<ApiConfig>
{
    public void Configure(EntityTypeBuilder<ApiConfig> b)
    {
        b.Property(x => x.Name).HasMaxLength(120);
        b.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
        b.Property(x => x.Action).HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.TokenHash).HasMaxLength(32);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasOne(x => x.Channel).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.ActionDepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.ActionUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PushRequestConfiguration : IEntityTypeConfiguration<PushRequest>
{
    public void Configure(EntityTypeBuilder<PushRequest> b)
    {
        b.Property(x => x.Number).HasMaxLength(20);
        b.Property(x => x.ExternalKey).HasMaxLength(200);
        b.Property(x => x.IdempotencyKey).HasMaxLength(200);
        b.Property(x => x.BodyHash).HasMaxLength(32);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(x => new { x.Status, x.Id });
        // The worker keeps order per (channel, contact).
        b.HasIndex(x => new { x.ChannelId, x.Number, x.Id });
        b.HasIndex(x => new { x.ApiConfigId, x.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.Property(x => x.Name).HasMaxLength(120);
        b.Property(x => x.Scope).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.KeyHash).HasMaxLength(32);
        b.HasIndex(x => x.KeyHash).IsUnique();
        b.Property(x => x.Prefix).HasMaxLength(16);
    }
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.Property(x => x.Name).HasMaxLength(120);
        b.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
        b.Property(x => x.Url).HasMaxLength(2048);
        b.Property(x => x.DisabledReason).HasMaxLength(500);
    }
}

internal sealed class PlatformEventConfiguration : IEntityTypeConfiguration<PlatformEvent>
{
    public void Configure(EntityTypeBuilder<PlatformEvent> b)
    {
        b.Property(x => x.Event).HasMaxLength(32);
        b.HasIndex(x => new { x.TenantId, x.CreatedAt });
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.Property(x => x.Event).HasMaxLength(32);
        b.Property(x => x.MessageId).HasMaxLength(64);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.LastError).HasMaxLength(1000);
        // The dispatcher's due read: Pending, due by now, oldest first, leaving out the webhooks that are full
        // (a stuck receiver's backlog): WebhookId in the index checks that from index entries, not rows.
        b.HasIndex(x => new { x.Status, x.NextAttemptAt, x.WebhookId });
        b.HasIndex(x => new { x.WebhookId, x.Status, x.CreatedAt });
        b.HasOne(x => x.Webhook).WithMany().OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.PlatformEvent).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LogEntryConfiguration : IEntityTypeConfiguration<LogEntry>
{
    public void Configure(EntityTypeBuilder<LogEntry> b)
    {
        b.Property(x => x.Type).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ConfigName).HasMaxLength(120);
        b.Property(x => x.Event).HasMaxLength(32);
        b.Property(x => x.Error).HasMaxLength(1000);
        b.Property(x => x.ExternalKey).HasMaxLength(200);
        b.Property(x => x.Number).HasMaxLength(20);
        // The Logs screen always filters by tenant and a date range, newest first, and counts the
        // matches (up to a cap). Each filter has an index (TenantId, <filter>, CreatedAt) so the page is
        // read in date order and stops after 25 rows; the other filter columns follow, so that a
        // combination of filters (config + failure, webhook + event + failure, push + 4xx) is checked
        // from the index alone and never reads a row's 1-4 KiB bodies (see docs/benchmarks.md, "Logs").
        // The date-range index carries the sortable grid columns too: a sort by name, event or status
        // over the range is ordered from index entries, not rows. On SQLite and PostgreSQL the
        // migration also adds (TenantId, HttpStatus / 100, CreatedAt, Type) for the status classes.
        b.HasIndex(x => new { x.TenantId, x.CreatedAt, x.Type, x.Success, x.HttpStatus, x.ConfigName, x.Event })
            .HasDatabaseName("IX_LogEntries_Range");
        b.HasIndex(x => new { x.TenantId, x.ExternalKey });
        b.HasIndex(x => new { x.TenantId, x.Number });
        b.HasIndex(x => new { x.TenantId, x.Type, x.CreatedAt, x.Success, x.HttpStatus })
            .HasDatabaseName("IX_LogEntries_Type");
        b.HasIndex(x => new { x.TenantId, x.Event, x.CreatedAt, x.Success, x.HttpStatus, x.WebhookId })
            .HasDatabaseName("IX_LogEntries_Event");
        // A sort by Nome goes name by name (LogService.GroupedPageAsync): the next name is one seek, and each
        // name's entries of the range are read newest first, with the status filters checked here.
        b.HasIndex(x => new { x.TenantId, x.ConfigName, x.CreatedAt, x.Success, x.HttpStatus, x.Event })
            .HasDatabaseName("IX_LogEntries_ConfigName");
        b.HasIndex(x => new { x.TenantId, x.Success, x.CreatedAt, x.Type, x.HttpStatus })
            .HasDatabaseName("IX_LogEntries_Success");
        // HttpStatus IS NULL (with Success = false) is the network-error filter.
        b.HasIndex(x => new { x.TenantId, x.HttpStatus, x.CreatedAt, x.Success, x.Type, x.WebhookId, x.Event })
            .HasDatabaseName("IX_LogEntries_HttpStatus");
        b.HasIndex(x => new { x.TenantId, x.ApiConfigId, x.CreatedAt, x.Success, x.HttpStatus })
            .HasDatabaseName("IX_LogEntries_ApiConfig");
        b.HasIndex(x => new { x.TenantId, x.WebhookId, x.CreatedAt, x.Success, x.HttpStatus, x.Event })
            .HasDatabaseName("IX_LogEntries_Webhook");
        // The detail's timeline: every attempt of one webhook delivery.
        b.HasIndex(x => new { x.TenantId, x.DeliveryId });
        // A push's entry from its queue row: the detail's ticket link, the worker's send failure. The entry points
        // at the row (not the row at the entry) so the group commit writes each row once; only push entries are
        // in the index, so a webhook log row costs no entry.
        b.HasIndex(x => x.PushRequestId).HasFilter("\"PushRequestId\" IS NOT NULL");
    }
}
