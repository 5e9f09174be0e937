using System.Globalization;
using FlowAdmin.Data.Entities;
using FlowAdmin.IntegrationTests.Infrastructure;
using FlowAdmin.Web.Features.Channels;
using FlowAdmin.Web.Features.ClosingReasons;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Departments;
using FlowAdmin.Web.Features.Templates;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlowAdmin.IntegrationTests.Settings;

/// <summary>The settings services of the real app on SQLite and PostgreSQL: lists, rules, deletes and tenant isolation.</summary>
public sealed class SettingsServicesTests
{
    public SettingsServicesTests() => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Departments_are_created_listed_searched_sorted_and_paged_and_a_duplicate_name_is_refused(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var tenant = await app.CreateTenantAsync("Acme");
        await app.AsTenantAsync<DepartmentService>(tenant.Id, async departments =>
        {
            foreach (var name in new[] { "Vendas", "Suporte", "Financeiro", "Atendimento", "Pós-venda" })
                await departments.CreateAsync(new DepartmentInput { Name = name, Color = "#1E88E5" }, default);

            var firstPage = await departments.ListAsync(new PagedQuery(SortBy: "Name", Page: 0, PageSize: 2), default);
            Assert.Equal(5, firstPage.TotalCount);
            Assert.Equal(["Atendimento", "Financeiro"], firstPage.Items.Select(d => d.Name));
            var lastPage = await departments.ListAsync(new PagedQuery(SortBy: "Name", Page: 2, PageSize: 2), default);
            Assert.Equal(["Vendas"], lastPage.Items.Select(d => d.Name));

            var newestFirst = await departments.ListAsync(new PagedQuery(SortBy: "Id", Descending: true), default);
            Assert.Equal("Pós-venda", newestFirst.Items[0].Name);
            Assert.Equal("#1e88e5", newestFirst.Items[0].Color);
            // An unknown sort column falls back to the Id, never to an arbitrary member.
            var unknownSort = await departments.ListAsync(new PagedQuery(SortBy: "TenantId"), default);
            Assert.Equal("Vendas", unknownSort.Items[0].Name);

            var search = await departments.ListAsync(new PagedQuery(Search: "VEND"), default);
            Assert.Equal(["Vendas", "Pós-venda"], search.Items.Select(d => d.Name));
            Assert.Equal(2, search.TotalCount);
            var byId = await departments.ListAsync(new PagedQuery(Search: newestFirst.Items[0].Id.ToString()), default);
            Assert.Contains(byId.Items, d => d.Name == "Pós-venda");

            var duplicate = await Assert.ThrowsAsync<ValidationException>(() => departments.CreateAsync(new DepartmentInput { Name = " vendas " }, default));
            Assert.Equal("A record with this name already exists.", Assert.Single(duplicate.Errors, e => e.PropertyName == "Name").ErrorMessage);
            var support = search.Items[0].Id;
            await Assert.ThrowsAsync<ValidationException>(() => departments.UpdateAsync(support, new DepartmentInput { Name = "Suporte" }, default));
            await Assert.ThrowsAsync<ValidationException>(() => departments.CreateAsync(new DepartmentInput { Name = "Cores", Color = "red" }, default));
            Assert.Equal(5, (await departments.ListAsync(new PagedQuery(), default)).TotalCount);
        });
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Deleting_a_record_in_use_is_refused_with_a_deactivate_instead_message(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var tenant = await app.CreateTenantAsync("Acme");
        var departmentId = await app.AsTenantAsync<DepartmentService, int>(tenant.Id, async s => (await s.CreateAsync(new DepartmentInput { Name = "Vendas" }, default)).Id);
        var channelId = await app.AsTenantAsync<ChannelService, int>(tenant.Id, async s => (await s.CreateAsync(new ChannelInput
        {
            Name = "WABA", Kind = ChannelKind.Waba, Number = "5511900000002", DefaultDepartmentId = departmentId,
        }, default)).Id);
        var templateId = await app.AsTenantAsync<TemplateService, int>(tenant.Id, async s => (await s.CreateAsync(new TemplateInput
        {
            ChannelId = channelId, Name = "pedido_enviado", Body = "Olá {{1}}, seu pedido {{2}} foi enviado.",
        }, default)).Id);
        // Sorting by a related record's name and searching it work on the database.
        var byDepartment = await app.AsTenantAsync<ChannelService, PagedResult<ChannelRow>>(tenant.Id, s => s.ListAsync(new PagedQuery(SortBy: "DefaultDepartmentName", Descending: true), default));
        Assert.Equal("Vendas", byDepartment.Items.Single().DefaultDepartmentName);
        var byChannel = await app.AsTenantAsync<TemplateService, PagedResult<TemplateRow>>(tenant.Id, s => s.ListAsync(new PagedQuery(Search: "waba", SortBy: "ChannelName"), default));
        Assert.Equal(("pedido_enviado", 2), (byChannel.Items.Single().Name, byChannel.Items.Single().VariableCount));
        var reasonId = await app.AsTenantAsync<ClosingReasonService, int>(tenant.Id, async s => (await s.CreateAsync(new ClosingReasonInput { Name = "Resolvido" }, default)).Id);
        await app.WithTenantAsync(tenant.Id, async db =>
        {
            var contact = new Contact { Number = "5511999999999" };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            var ticket = new Ticket { ContactId = contact.Id, ChannelId = channelId, DepartmentId = departmentId, ClosingReasonId = reasonId, Status = TicketStatus.Closed };
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            db.Messages.Add(new Message { TicketId = ticket.Id, ContactId = contact.Id, TemplateId = templateId, MediaType = "template" });
            return await db.SaveChangesAsync();
        });

        async Task AssertRefused<TService>(Func<TService, Task> delete, string uses) where TService : notnull
        {
            var refused = await Assert.ThrowsAsync<ValidationException>(() => app.AsTenantAsync(tenant.Id, delete));
            var message = Assert.Single(refused.Errors).ErrorMessage;
            Assert.Contains("Deactivate it instead", message);
            Assert.Contains(uses, message);
        }
        await AssertRefused<DepartmentService>(s => s.DeleteAsync(departmentId, default), "channels (default department) (1), tickets (1)");
        await AssertRefused<ChannelService>(s => s.DeleteAsync(channelId, default), "tickets (1), templates (1)");
        await AssertRefused<TemplateService>(s => s.DeleteAsync(templateId, default), "sent messages (1)");
        await AssertRefused<ClosingReasonService>(s => s.DeleteAsync(reasonId, default), "tickets closed with this reason (1)");

        // Deactivating is the way out; and a record nothing uses is deleted.
        await app.AsTenantAsync<DepartmentService>(tenant.Id, s => s.SetActiveAsync(departmentId, false, default));
        Assert.False(await app.WithTenantAsync(tenant.Id, db => db.Departments.Where(d => d.Id == departmentId).Select(d => d.IsActive).SingleAsync()));
        await app.AsTenantAsync<ClosingReasonService>(tenant.Id, async s =>
        {
            var unused = await s.CreateAsync(new ClosingReasonInput { Name = "Sem resposta" }, default);
            await s.DeleteAsync(unused.Id, default);
            Assert.Null(await s.GetAsync(unused.Id, default));
        });
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task A_tenant_cannot_get_update_or_delete_another_tenants_records_by_id(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var a = await app.CreateTenantAsync("Tenant A");
        var b = await app.CreateTenantAsync("Tenant B");
        var bDepartment = await app.AsTenantAsync<DepartmentService, int>(b.Id, async s => (await s.CreateAsync(new DepartmentInput { Name = "Vendas" }, default)).Id);
        var bChannel = await app.AsTenantAsync<ChannelService, int>(b.Id, async s => (await s.CreateAsync(new ChannelInput { Name = "WABA B", Kind = ChannelKind.Waba, Number = "5511900000009" }, default)).Id);
        var bReason = await app.AsTenantAsync<ClosingReasonService, int>(b.Id, async s => (await s.CreateAsync(new ClosingReasonInput { Name = "Resolvido" }, default)).Id);
        var bTemplate = await app.AsTenantAsync<TemplateService, int>(b.Id, async s => (await s.CreateAsync(new TemplateInput { ChannelId = bChannel, Name = "oi", Body = "Oi {{1}}" }, default)).Id);

        await app.AsTenantAsync<DepartmentService>(a.Id, async s =>
        {
            Assert.Null(await s.GetAsync(bDepartment, default));
            Assert.Equal(0, (await s.ListAsync(new PagedQuery(), default)).TotalCount);
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.UpdateAsync(bDepartment, new DepartmentInput { Name = "Hacked" }, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.SetActiveAsync(bDepartment, false, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.DeleteAsync(bDepartment, default));
            // Names are unique per tenant, not across tenants.
            await s.CreateAsync(new DepartmentInput { Name = "Vendas" }, default);
        });
        await app.AsTenantAsync<ChannelService>(a.Id, async s =>
        {
            Assert.Null(await s.GetAsync(bChannel, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.UpdateAsync(bChannel, new ChannelInput { Name = "Hacked", Number = "5511900000001" }, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.DeleteAsync(bChannel, default));
            // B's department cannot become A's channel default.
            var foreignDefault = await Assert.ThrowsAsync<ValidationException>(() =>
                s.CreateAsync(new ChannelInput { Name = "Linha A", Number = "5511900000001", DefaultDepartmentId = bDepartment }, default));
            Assert.Contains(foreignDefault.Errors, e => e.PropertyName == nameof(ChannelInput.DefaultDepartmentId));
        });
        await app.AsTenantAsync<ClosingReasonService>(a.Id, async s =>
        {
            Assert.Null(await s.GetAsync(bReason, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.UpdateAsync(bReason, new ClosingReasonInput { Name = "Hacked" }, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.DeleteAsync(bReason, default));
        });
        await app.AsTenantAsync<TemplateService>(a.Id, async s =>
        {
            Assert.Null(await s.GetAsync(bTemplate, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.SetActiveAsync(bTemplate, false, default));
            await Assert.ThrowsAsync<KeyNotFoundException>(() => s.DeleteAsync(bTemplate, default));
            // B's channel cannot carry A's template.
            var foreignChannel = await Assert.ThrowsAsync<ValidationException>(() =>
                s.CreateAsync(new TemplateInput { ChannelId = bChannel, Name = "oi", Body = "Oi" }, default));
            Assert.Contains(foreignChannel.Errors, e => e.PropertyName == nameof(TemplateInput.ChannelId));
        });

        // B's rows are untouched.
        var bRows = await app.WithTenantAsync(b.Id, async db => (
            await db.Departments.SingleAsync(), await db.Channels.SingleAsync(), await db.ClosingReasons.SingleAsync(), await db.Templates.SingleAsync()));
        Assert.Equal(("Vendas", "WABA B", "Resolvido", "oi"), (bRows.Item1.Name, bRows.Item2.Name, bRows.Item3.Name, bRows.Item4.Name));
        Assert.True(bRows.Item1.IsActive && bRows.Item4.IsActive);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task A_cloud_api_token_is_stored_encrypted_shown_masked_and_kept_when_left_empty(string provider)
    {
        await using var app = new FlowAdminApp(provider);
        var tenant = await app.CreateTenantAsync("Acme");
        const string token = "EAAGm0PX4ZCpsBAKZC-secret-token-9f3a";
        var input = new ChannelInput
        {
            Name = "Cloud", Kind = ChannelKind.Waba, Transport = ChannelTransport.CloudApi, Number = "5511900000002",
            CloudApiPhoneNumberId = "106540352242922", CloudApiAccessToken = token, Status = ChannelStatuses.Connected,
        };
        var id = await app.AsTenantAsync<ChannelService, int>(tenant.Id, async s => (await s.CreateAsync(input, default)).Id);

        var stored = await app.WithTenantAsync(tenant.Id, db => db.Channels.Where(c => c.Id == id).Select(c => c.CloudApiAccessTokenProtected).SingleAsync());
        Assert.NotNull(stored);
        Assert.DoesNotContain(token, stored);
        Assert.Equal(token, app.Services.GetRequiredService<ChannelTokenProtector>().Unprotect(stored));

        var read = await app.AsTenantAsync<ChannelService, ChannelInput?>(tenant.Id, s => s.GetAsync(id, default));
        Assert.NotNull(read);
        Assert.Null(read.CloudApiAccessToken);
        Assert.Equal("••••••••9f3a", read.MaskedAccessToken);

        // Editing without typing a token keeps the stored one.
        await app.AsTenantAsync<ChannelService>(tenant.Id, s => s.UpdateAsync(id, read with { Name = "Cloud 2" }, default));
        var after = await app.WithTenantAsync(tenant.Id, db => db.Channels.SingleAsync(c => c.Id == id));
        Assert.Equal(("Cloud 2", stored), (after.Name, after.CloudApiAccessTokenProtected));

        // A template's variable count is derived from its body; gaps are refused.
        await app.AsTenantAsync<TemplateService>(tenant.Id, async s =>
        {
            var row = await s.CreateAsync(new TemplateInput { ChannelId = id, Name = "pedido", Body = "{{2}} e {{1}}, {{2}}" }, default);
            Assert.Equal(2, row.VariableCount);
            Assert.Equal("Cloud 2", row.ChannelName);
            var gap = await Assert.ThrowsAsync<ValidationException>(() => s.UpdateAsync(row.Id, new TemplateInput { ChannelId = id, Name = "pedido", Body = "{{1}} {{3}}" }, default));
            Assert.Contains(gap.Errors, e => e.PropertyName == nameof(TemplateInput.Body));
            Assert.Equal(2, (await s.ListAsync(new PagedQuery(Search: "pedido"), default)).Items.Single().VariableCount);
        });
    }
}
