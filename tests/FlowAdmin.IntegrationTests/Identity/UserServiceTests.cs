using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Features.Users;
using FlowAdmin.Web.Tenancy;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Identity;

public sealed class UserServiceTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Create_gives_the_user_its_role_and_departments_and_refuses_an_email_used_in_any_tenant(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var acme = await app.CreateTenantAsync("Acme");
        await app.CreateTenantAsync("Other");
        var (sales, support, closed) = await SeedDepartmentsAsync(app, acme.Id);

        var id = await AsTenant(app, acme.Id, s => s.CreateAsync(new UserForm
        {
            Name = "Bia", Email = "bia@acme.test", Role = Roles.Agent, Password = FlowAdminApp.Password, DepartmentIds = [sales, support],
        }, default));

        var list = await AsTenant(app, acme.Id, s => s.ListAsync(new UserListQuery("bia", null, false, 0, 10), default));
        var row = Assert.Single(list.Items);
        Assert.Equal((id, "Bia", Roles.Agent, true), (row.Id, row.Name, row.Role, row.IsActive));
        Assert.Equal(["Sales", "Support"], row.Departments);
        var all = await AsTenant(app, acme.Id, s => s.ListAsync(new UserListQuery(null, nameof(UserRow.Role), false, 0, 10), default));
        Assert.Equal([Roles.Administrator, Roles.Agent], all.Items.Select(r => r.Role));
        await app.SignInAsync("bia@acme.test");

        // Another tenant's administrator's email: refused without saying where it is used.
        var duplicate = await Assert.ThrowsAsync<ValidationException>(() => AsTenant(app, acme.Id, s => s.CreateAsync(new UserForm
        {
            Name = "Copy", Email = FlowAdminApp.AdminEmail("Other").ToUpperInvariant(), Role = Roles.Agent, Password = FlowAdminApp.Password,
        }, default)));
        Assert.Equal(nameof(UserForm.Email), Assert.Single(duplicate.Errors).PropertyName);

        // An inactive department cannot be granted; a weak password is refused on the password field.
        var inactive = await Assert.ThrowsAsync<ValidationException>(() => AsTenant(app, acme.Id, s => s.CreateAsync(new UserForm
        {
            Name = "Caio", Email = "caio@acme.test", Role = Roles.Agent, Password = FlowAdminApp.Password, DepartmentIds = [closed],
        }, default)));
        Assert.Equal(nameof(UserForm.DepartmentIds), Assert.Single(inactive.Errors).PropertyName);
        var weak = await Assert.ThrowsAsync<ValidationException>(() => AsTenant(app, acme.Id, s => s.CreateAsync(new UserForm
        {
            Name = "Caio", Email = "caio@acme.test", Role = Roles.Agent, Password = "abcdefgh",
        }, default)));
        Assert.All(weak.Errors, e => Assert.Equal(nameof(UserForm.Password), e.PropertyName));
        Assert.Equal(2, (await AsTenant(app, acme.Id, s => s.ListAsync(new UserListQuery(null, null, false, 0, 10), default))).Total);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task A_tenant_cannot_read_change_deactivate_or_delete_another_tenants_user_by_id(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var a = await app.CreateTenantAsync("Tenant A");
        var b = await app.CreateTenantAsync("Tenant B");
        var victim = await app.CreateUserAsync(b.Id, "victim@b.test", Roles.Agent);

        Assert.Null(await AsTenant(app, a.Id, s => s.GetAsync(victim.Id, default)));
        Assert.False(await AsTenant(app, a.Id, s => s.UpdateAsync(new UserForm { Id = victim.Id, Name = "Hacked", Email = "victim@b.test", Role = Roles.Administrator }, default)));
        Assert.False(await AsTenant(app, a.Id, s => s.SetActiveAsync(victim.Id, false, null, default)));
        Assert.False(await AsTenant(app, a.Id, s => s.DeleteAsync(victim.Id, null, default)));
        Assert.DoesNotContain(victim.Id, (await AsTenant(app, a.Id, s => s.ListAsync(new UserListQuery(null, null, false, 0, 50), default))).Items.Select(r => r.Id));

        var unchanged = await AsTenant(app, b.Id, s => s.GetAsync(victim.Id, default));
        Assert.Equal(("victim", Roles.Agent), (unchanged!.Name, unchanged.Role));
        await app.SignInAsync("victim@b.test");
    }

    [Fact]
    public async Task The_last_active_administrator_cannot_be_deactivated_demoted_or_deleted_and_nobody_deactivates_himself()
    {
        await using var app = new FlowAdminApp();
        var tenant = await app.CreateTenantAsync("Acme");
        var admin = await app.WithTenantAsync(tenant.Id, db => db.TenantUsers.SingleAsync());
        var agent = await app.CreateUserAsync(tenant.Id, "agent@acme.test", Roles.Agent);

        var self = await Assert.ThrowsAsync<ValidationException>(() => AsTenant(app, tenant.Id, s => s.SetActiveAsync(admin.Id, false, admin.Id, default)));
        Assert.Equal("", Assert.Single(self.Errors).PropertyName);
        await Assert.ThrowsAsync<ValidationException>(() => AsTenant(app, tenant.Id, s => s.SetActiveAsync(admin.Id, false, agent.Id, default)));
        await Assert.ThrowsAsync<ValidationException>(() => AsTenant(app, tenant.Id, s => s.DeleteAsync(admin.Id, agent.Id, default)));
        var demote = await Assert.ThrowsAsync<ValidationException>(() => AsTenant(app, tenant.Id, s => s.UpdateAsync(
            new UserForm { Id = admin.Id, Name = admin.Name, Email = admin.Email!, Role = Roles.Agent }, default)));
        Assert.Equal(nameof(UserForm.Role), Assert.Single(demote.Errors).PropertyName);

        // With a second administrator the first one may be demoted; the agent's deactivation renews its stamp.
        var stampBefore = agent.SecurityStamp;
        Assert.True(await AsTenant(app, tenant.Id, s => s.UpdateAsync(new UserForm { Id = agent.Id, Name = "Agent", Email = "agent@acme.test", Role = Roles.Administrator }, default)));
        Assert.True(await AsTenant(app, tenant.Id, s => s.UpdateAsync(new UserForm { Id = admin.Id, Name = admin.Name, Email = admin.Email!, Role = Roles.Agent }, default)));
        Assert.True(await AsTenant(app, tenant.Id, s => s.SetActiveAsync(admin.Id, false, agent.Id, default)));
        var after = await app.WithTenantAsync(tenant.Id, db => db.TenantUsers.AsNoTracking().SingleAsync(u => u.Id == admin.Id));
        Assert.False(after.IsActive);
        Assert.NotEqual(admin.SecurityStamp, after.SecurityStamp);
        Assert.NotEqual(stampBefore, (await app.WithTenantAsync(tenant.Id, db => db.TenantUsers.AsNoTracking().SingleAsync(u => u.Id == agent.Id))).SecurityStamp);
        // Now the former agent is the last active administrator.
        await Assert.ThrowsAsync<ValidationException>(() => AsTenant(app, tenant.Id, s => s.SetActiveAsync(agent.Id, false, null, default)));
    }

    [Fact]
    public async Task A_user_referenced_by_tickets_cannot_be_deleted_but_an_unused_one_can()
    {
        await using var app = new FlowAdminApp();
        var tenant = await app.CreateTenantAsync("Acme");
        var busy = await app.CreateUserAsync(tenant.Id, "busy@acme.test", Roles.Agent);
        var idle = await app.CreateUserAsync(tenant.Id, "idle@acme.test", Roles.Agent);
        await app.WithTenantAsync(tenant.Id, async db =>
        {
            var channel = new Channel { Name = "Linha 1" };
            var contact = new Contact { Number = "5511999999999" };
            db.AddRange(channel, contact);
            await db.SaveChangesAsync();
            db.Tickets.Add(new Ticket { ContactId = contact.Id, ChannelId = channel.Id, UserId = busy.Id, Status = TicketStatus.Open });
            return await db.SaveChangesAsync();
        });

        var refused = await Assert.ThrowsAsync<ValidationException>(() => AsTenant(app, tenant.Id, s => s.DeleteAsync(busy.Id, null, default)));
        Assert.Equal("", Assert.Single(refused.Errors).PropertyName);
        Assert.True(await AsTenant(app, tenant.Id, s => s.DeleteAsync(idle.Id, null, default)));
        Assert.Null(await AsTenant(app, tenant.Id, s => s.GetAsync(idle.Id, default)));
        Assert.NotNull(await AsTenant(app, tenant.Id, s => s.GetAsync(busy.Id, default)));
    }

    private static async Task<(int Sales, int Support, int Closed)> SeedDepartmentsAsync(FlowAdminApp app, int tenantId) =>
        await app.WithTenantAsync(tenantId, async db =>
        {
            var sales = new Department { Name = "Sales" };
            var support = new Department { Name = "Support" };
            var closed = new Department { Name = "Closed", IsActive = false };
            db.Departments.AddRange(sales, support, closed);
            await db.SaveChangesAsync();
            return (sales.Id, support.Id, closed.Id);
        });

    /// <summary>The service as a request of that tenant gets it.</summary>
    private static async Task<T> AsTenant<T>(FlowAdminApp app, int tenantId, Func<UserService, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Use(tenantId);
        return await work(scope.ServiceProvider.GetRequiredService<UserService>());
    }
}
