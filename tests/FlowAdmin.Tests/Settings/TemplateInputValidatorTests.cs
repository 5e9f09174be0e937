using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Templates;

namespace FlowAdmin.Tests.Settings;

public sealed class TemplateInputValidatorTests : IDisposable
{
    private readonly SettingsDb _db = new();
    private readonly TemplateInputValidator _validator;
    private readonly Channel _waba;

    public TemplateInputValidatorTests()
    {
        _validator = new(_db, _db.Localizer<CommonText>(), _db.Localizer<TemplatesText>());
        _waba = _db.Add(_db.TenantA, new Channel { Name = "WABA", Kind = ChannelKind.Waba });
    }

    private TemplateInput Valid() => new() { ChannelId = _waba.Id, Name = "pedido_enviado", Language = "pt_BR", Category = "UTILITY", Body = "Olá {{1}}, pedido {{2}}." };

    private async Task<string[]> FieldsInErrorAsync(TemplateInput input) =>
        (await _validator.ValidateAsync(input)).Errors.Select(e => e.PropertyName).Distinct().Order().ToArray();

    private static string[] Expected(bool valid, string field) => valid ? [] : [field];

    [Fact]
    public async Task A_well_formed_template_is_valid() => Assert.Empty(await FieldsInErrorAsync(Valid()));

    [Theory]
    [InlineData("Pedido_Enviado")]
    [InlineData("pedido enviado")]
    [InlineData("pedido-enviado")]
    [InlineData("pedído")]
    [InlineData("")]
    public async Task The_name_is_lowercase_letters_digits_and_underscores(string name) =>
        Assert.Equal(["Name"], await FieldsInErrorAsync(Valid() with { Name = name }));

    [Theory]
    [InlineData("pt_BR", true)]
    [InlineData("en_US", true)]
    [InlineData("es", true)]
    [InlineData("pt-BR", false)]
    [InlineData("PT_br", false)]
    [InlineData("", false)]
    public async Task The_language_is_a_meta_language_code(string language, bool valid) =>
        Assert.Equal(Expected(valid, "Language"), await FieldsInErrorAsync(Valid() with { Language = language }));

    [Theory]
    [InlineData("MARKETING", true)]
    [InlineData("UTILITY", true)]
    [InlineData("AUTHENTICATION", true)]
    [InlineData("utility", false)]
    [InlineData("SERVICE", false)]
    public async Task The_category_is_one_of_metas(string category, bool valid) =>
        Assert.Equal(Expected(valid, "Category"), await FieldsInErrorAsync(Valid() with { Category = category }));

    [Theory]
    [InlineData("Sem variáveis.", true)]
    [InlineData("{{1}}", true)]
    [InlineData("{{2}} antes de {{1}}, e {{1}} de novo", true)]
    [InlineData("Olá {{1}}, pedido {{3}}.", false)]
    [InlineData("Olá {{2}}.", false)]
    [InlineData("Olá {{0}}.", false)]
    public async Task Variables_must_be_consecutive_from_one(string body, bool valid) =>
        Assert.Equal(Expected(valid, "Body"), await FieldsInErrorAsync(Valid() with { Body = body }));

    [Fact]
    public async Task The_variables_error_says_which_variables_to_use()
    {
        var result = await _validator.ValidateAsync(Valid() with { Body = "Olá {{1}}, pedido {{3}}." });
        Assert.Contains("{{1}}, {{2}}, {{3}}", Assert.Single(result.Errors).ErrorMessage);
    }

    [Fact]
    public async Task The_channel_must_be_a_waba_channel_of_the_tenant()
    {
        var whatsapp = _db.Add(_db.TenantA, new Channel { Name = "Comum", Kind = ChannelKind.Whatsapp });
        var otherTenant = _db.Add(_db.TenantB, new Channel { Name = "WABA B", Kind = ChannelKind.Waba });

        Assert.Equal(["ChannelId"], await FieldsInErrorAsync(Valid() with { ChannelId = null }));
        Assert.Equal(["ChannelId"], await FieldsInErrorAsync(Valid() with { ChannelId = whatsapp.Id }));
        Assert.Equal(["ChannelId"], await FieldsInErrorAsync(Valid() with { ChannelId = otherTenant.Id }));
    }

    [Fact]
    public async Task Name_and_language_are_unique_per_channel()
    {
        var existing = _db.Add(_db.TenantA, new Template { ChannelId = _waba.Id, Name = "pedido_enviado", Language = "pt_BR" });
        var other = _db.Add(_db.TenantA, new Channel { Name = "WABA 2", Kind = ChannelKind.Waba });

        Assert.Equal(["Name"], await FieldsInErrorAsync(Valid()));
        Assert.Empty(await FieldsInErrorAsync(Valid() with { Id = existing.Id }));
        Assert.Empty(await FieldsInErrorAsync(Valid() with { Language = "en_US" }));
        Assert.Empty(await FieldsInErrorAsync(Valid() with { ChannelId = other.Id }));
    }

    public void Dispose() => _db.Dispose();
}
