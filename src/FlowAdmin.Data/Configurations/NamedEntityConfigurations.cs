using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FlowAdmin.Data.Configurations;

// Names are what administrators pick from lists, so each is unique within its tenant.

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b) => b.Property(x => x.Name).HasMaxLength(120);
}

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> b)
    {
        b.Property(x => x.Name).HasMaxLength(120);
        b.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Transport).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Number).HasMaxLength(20);
        b.Property(x => x.Status).HasMaxLength(32);
        b.Property(x => x.CloudApiBaseUrl).HasMaxLength(500);
        b.Property(x => x.CloudApiPhoneNumberId).HasMaxLength(64);
        b.HasOne(x => x.DefaultDepartment).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.Property(x => x.Name).HasMaxLength(120);
        b.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
        b.Property(x => x.Color).HasMaxLength(16);
    }
}

internal sealed class ClosingReasonConfiguration : IEntityTypeConfiguration<ClosingReason>
{
    public void Configure(EntityTypeBuilder<ClosingReason> b)
    {
        b.Property(x => x.Name).HasMaxLength(120);
        b.HasIndex(x => new { x.TenantId, x.Name }).IsUnique();
    }
}

internal sealed class TemplateConfiguration : IEntityTypeConfiguration<Template>
{
    public void Configure(EntityTypeBuilder<Template> b)
    {
        b.Property(x => x.Name).HasMaxLength(120);
        b.HasIndex(x => new { x.TenantId, x.ChannelId, x.Name, x.Language }).IsUnique();
        b.Property(x => x.Language).HasMaxLength(16);
        b.Property(x => x.Category).HasMaxLength(32);
        b.Property(x => x.Body).HasMaxLength(4096);
        b.HasOne(x => x.Channel).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(x => x.Name).HasMaxLength(120);
        b.HasIndex(x => x.TenantId);
        b.HasOne(x => x.Tenant).WithMany().OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Departments).WithMany(d => d.Users).UsingEntity("UserDepartments");
    }
}
