using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace FlowAdmin.Web.Features.Setup;

/// <summary>A demo tenant with Sandbox channels, departments, users, closing reasons and templates.</summary>
public sealed class DemoSeeder(AppDbContext db, SetupService setup, ILogger<DemoSeeder> log)
{
    public const string TenantName = "Demo FlowAdmin";
    public const string AdminEmail = "admin@demo.flowadmin.local";
    public const string AgentEmail = "agente@demo.flowadmin.local";
    public const string Password = "Demo!2345";

    /// <summary>The --demo start-up: seeds when needed and prints the logins for the person at the console.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        await EnsureAsync(ct);
        PrintLogin();
    }

    /// <summary>Creates the demo tenant unless it exists; returns its id and whether it was created now.</summary>
    public async Task<(int TenantId, bool Created)> EnsureAsync(CancellationToken ct)
    {
        var existing = await db.Tenants.Where(t => t.Name == TenantName).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
        if (existing is { } id) return (id, false);
        var (tenant, errors) = await setup.CreateTenantAsync(TenantName, "Administrador Demo", AdminEmail, Password, ct);
        if (tenant is null) throw new InvalidOperationException(string.Join("; ", errors.Values));

        var sales = new Department { TenantId = tenant.Id, Name = "Vendas", Color = "#1e88e5" };
        var support = new Department { TenantId = tenant.Id, Name = "Suporte", Color = "#43a047" };
        var billing = new Department { TenantId = tenant.Id, Name = "Financeiro", Color = "#fb8c00" };
        db.Departments.AddRange(sales, support, billing);
        await db.SaveChangesAsync(ct);

        var whatsapp = new Channel { TenantId = tenant.Id, Name = "Linha Vendas", Kind = ChannelKind.Whatsapp, Number = "5511900000001", Status = ChannelStatuses.Connected, DefaultDepartmentId = sales.Id, IsDefault = true };
        var waba = new Channel { TenantId = tenant.Id, Name = "WABA Oficial", Kind = ChannelKind.Waba, Number = "5511900000002", Status = ChannelStatuses.Connected, DefaultDepartmentId = support.Id };
        db.Channels.AddRange(whatsapp, waba);
        db.ClosingReasons.AddRange(
            new ClosingReason { TenantId = tenant.Id, Name = "Resolvido" },
            new ClosingReason { TenantId = tenant.Id, Name = "Sem resposta do cliente" },
            new ClosingReason { TenantId = tenant.Id, Name = "Venda realizada" });
        await db.SaveChangesAsync(ct);

        const string orderBody = "Olá {{1}}, seu pedido {{2}} foi enviado.";
        const string welcomeBody = "Bem-vindo(a), {{1}}!";
        db.Templates.AddRange(
            new Template { TenantId = tenant.Id, ChannelId = waba.Id, Name = "pedido_enviado", Body = orderBody, VariableCount = Template.CountVariables(orderBody) },
            new Template { TenantId = tenant.Id, ChannelId = waba.Id, Name = "boas_vindas", Category = "MARKETING", Body = welcomeBody, VariableCount = Template.CountVariables(welcomeBody) });

        var admin = await db.Users.SingleAsync(u => u.Email == AdminEmail, ct);
        admin.Departments.AddRange([sales, support, billing]);
        await db.SaveChangesAsync(ct);

        var agent = new AppUser { TenantId = tenant.Id, Name = "Agente Demo", UserName = AgentEmail, Email = AgentEmail, EmailConfirmed = true };
        await setup.CreateUserAsync(agent, Password, Roles.Agent, [sales.Id, support.Id], ct);
        return (tenant.Id, true);
    }

    private void PrintLogin()
    {
        // The demo password is public by design (it is in the README); no real secret is logged here.
        log.LogWarning("Demo tenant ready. Sign in as {Admin} or {Agent} with the password {Password}", AdminEmail, AgentEmail, Password);
        Console.WriteLine($"FlowAdmin demo: administrator {AdminEmail} / agent {AgentEmail}, password {Password}");
    }
}
