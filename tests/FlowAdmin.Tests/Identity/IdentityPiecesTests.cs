using System.Globalization;
using FlowAdmin.Data;
using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Components.Account;
using FlowAdmin.Web.Features.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace FlowAdmin.Tests.Identity;

public sealed class IdentityPiecesTests : IAsyncDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly ServiceProvider _services;

    public IdentityPiecesTests()
    {
        _connection.Open();
        _services = new ServiceCollection()
            .AddLogging()
            .AddLocalization()
            .AddSingleton<ITenantScope>(new FixedTenantScope(1))
            .AddDbContextFactory<AppDbContext>(o => o.UseSqlite(_connection))
            .BuildServiceProvider();
    }

    [Theory]
    [InlineData("pt-BR", "A senha deve ter pelo menos 8 caracteres.", "Este e-mail já está em uso.")]
    [InlineData("en", "The password must have at least 8 characters.", "This email is already in use.")]
    public void Identity_errors_are_in_the_readers_language_and_a_duplicate_email_is_not_echoed(string culture, string tooShort, string duplicate)
    {
        using var _ = new UiCulture(culture);
        var describer = new LocalizedIdentityErrorDescriber(_services.GetRequiredService<IStringLocalizer<AccountText>>());

        Assert.Equal(tooShort, describer.PasswordTooShort(8).Description);
        Assert.Equal(duplicate, describer.DuplicateEmail("ana@other-tenant.test").Description);
        Assert.Equal(duplicate, describer.DuplicateUserName("ana@other-tenant.test").Description);
        Assert.Equal("PasswordTooShort", describer.PasswordTooShort(8).Code);
    }

    [Fact]
    public void The_authenticator_key_is_grouped_and_the_uri_follows_the_key_uri_format()
    {
        Assert.Equal("abcd efgh ij", AuthenticatorSetup.FormatKey("ABCDEFGHIJ"));
        Assert.Equal("otpauth://totp/FlowAdmin:ana%40acme.test?secret=ABCD&issuer=FlowAdmin&digits=6", AuthenticatorSetup.Uri("ana@acme.test", "ABCD"));
        Assert.StartsWith("data:image/png;base64,iVBOR", AuthenticatorSetup.QrCodeDataUrl("otpauth://totp/x?secret=ABCD"));
    }

    [Fact]
    public async Task The_user_form_validator_shows_each_problem_on_its_field()
    {
        using var _ = new UiCulture("pt-BR");
        var validator = await ValidatorWithAnExistingUserAsync();

        var empty = await validator.ValidateAsync(new UserForm { Name = " ", Email = "", Role = "Root", Password = "" });
        Assert.Equal(
            ["Email", "Name", "Password", "Role"],
            empty.Errors.Select(e => e.PropertyName).Distinct().Order());

        var bad = await validator.ValidateAsync(new UserForm { Name = "Bia", Email = "bia-sem-arroba", Role = Roles.Agent, Password = "short" });
        Assert.Contains(bad.Errors, e => e.PropertyName == "Email" && e.ErrorMessage == "Informe um e-mail válido.");
        Assert.Contains(bad.Errors, e => e.PropertyName == "Password" && e.ErrorMessage == "A senha deve ter pelo menos 8 caracteres.");
    }

    [Fact]
    public async Task An_email_used_by_anyone_else_in_any_tenant_is_refused_but_a_user_keeps_its_own()
    {
        using var _ = new UiCulture("en");
        var validator = await ValidatorWithAnExistingUserAsync();

        var taken = await validator.ValidateAsync(new UserForm { Name = "Copy", Email = "ANA@Other.Test", Role = Roles.Agent, Password = "Str0ng!Passw0rd" });
        Assert.Equal("This email is already in use.", Assert.Single(taken.Errors).ErrorMessage);

        // Editing the owner itself (no password on edit): valid.
        var own = await validator.ValidateAsync(new UserForm { Id = 7, Name = "Ana", Email = "ana@other.test", Role = Roles.Administrator });
        Assert.True(own.IsValid, string.Join("; ", own.Errors));
    }

    private async Task<UserFormValidator> ValidatorWithAnExistingUserAsync()
    {
        var factory = _services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.EnsureCreatedAsync();
            db.Tenants.Add(new Tenant { Id = 2, Name = "Other" });
            db.Users.Add(new AppUser { Id = 7, TenantId = 2, Name = "Ana", Email = "ana@other.test", NormalizedEmail = "ANA@OTHER.TEST", UserName = "ana@other.test" });
            await db.SaveChangesAsync();
        }
        return new UserFormValidator(_services.GetRequiredService<IStringLocalizer<UsersText>>(), factory);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;
        public UiCulture(string name) => CultureInfo.CurrentUICulture = new CultureInfo(name);
        public void Dispose() => CultureInfo.CurrentUICulture = _previous;
    }
}
