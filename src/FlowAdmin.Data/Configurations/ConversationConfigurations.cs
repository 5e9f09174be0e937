using System.Text.Json;
using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowAdmin.Data.Configurations;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.Property(x => x.Number).HasMaxLength(20);
        b.HasIndex(x => new { x.TenantId, x.Number }).IsUnique();
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Email).HasMaxLength(200);
        b.Property(x => x.CustomFields).HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
            v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, JsonSerializerOptions.Default) ?? new(),
            new ValueComparer<Dictionary<string, string>>(
                (a, c) => JsonSerializer.Serialize(a, JsonSerializerOptions.Default) == JsonSerializer.Serialize(c, JsonSerializerOptions.Default),
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default).GetHashCode(),
                v => new Dictionary<string, string>(v)));
        b.HasOne(x => x.LeadStatus).WithMany().OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Wallets).WithOne().HasForeignKey(x => x.ContactId);
    }
}

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> b)
    {
        // Lower-case, as the payloads show it ("pending", "open", "closed").
        b.Property(x => x.Status).HasMaxLength(16).HasConversion(
            v => v.ToString().ToLowerInvariant(),
            v => Enum.Parse<TicketStatus>(v, true));
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.LastMessage).HasMaxLength(1000);
        // At most one ticket that is not closed per contact and channel: concurrent pushes can never open two.
        // Double-quoted identifiers parse on SQLite, PostgreSQL and SQL Server (QUOTED_IDENTIFIER ON).
        b.HasIndex(x => new { x.ContactId, x.ChannelId }).IsUnique().HasFilter("\"Status\" <> 'closed'")
            .HasDatabaseName("IX_Tickets_OneOpenPerContactAndChannel");
        b.HasIndex(x => new { x.TenantId, x.Status, x.UpdatedAt });
        b.HasOne(x => x.Contact).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Channel).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Department).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.User).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.ClosingReason).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ApiConfig>().WithMany().HasForeignKey(x => x.ApiConfigId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> b)
    {
        b.Property(x => x.MediaUrl).HasMaxLength(2048);
        b.Property(x => x.MediaName).HasMaxLength(255);
        b.Property(x => x.MediaType).HasMaxLength(16);
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.SendType).HasMaxLength(16);
        b.Property(x => x.ExternalKey).HasMaxLength(200);
        b.Property(x => x.TransportMessageId).HasMaxLength(128);
        b.HasIndex(x => new { x.TicketId, x.CreatedAt });
        b.HasIndex(x => new { x.TenantId, x.ExternalKey });
        // The Sandbox's acks read the messages at ack 1 or 2 whose delay has passed, oldest first: without it
        // each chunk of 100 scanned the whole table.
        b.HasIndex(x => new { x.Ack, x.UpdatedAt });
        b.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketEventConfiguration : IEntityTypeConfiguration<TicketEvent>
{
    public void Configure(EntityTypeBuilder<TicketEvent> b)
    {
        b.Property(x => x.Kind).HasMaxLength(32);
        b.HasIndex(x => new { x.TicketId, x.CreatedAt });
        b.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LeadStatusConfiguration : IEntityTypeConfiguration<LeadStatus>
{
    public void Configure(EntityTypeBuilder<LeadStatus> b) => b.Property(x => x.Status).HasMaxLength(120);
}

internal sealed class WalletConfiguration : IEntityTypeConfiguration<Wallet>
{
    public void Configure(EntityTypeBuilder<Wallet> b) => b.Property(x => x.Name).HasMaxLength(120);
}
