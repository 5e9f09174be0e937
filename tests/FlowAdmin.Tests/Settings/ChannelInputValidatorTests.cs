using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.Channels;
using FlowAdmin.Web.Features.Common;
using FlowAdmin.Web.Features.Outbound;
using Microsoft.Extensions.Options;

namespace FlowAdmin.Tests.Settings;

public sealed class ChannelInputValidatorTests : IDisposable
{
    private readonly SettingsDb _db = new();
    private readonly ChannelInputValidator _validator;

    public ChannelInputValidatorTests() =>
        _validator = new(_db, Options.Create(new OutboundOptions()), _db.Localizer<CommonText>(), _db.Localizer<ChannelsText>());

    private static ChannelInput Valid() => new() { Name = "Linha 1", Number = "5511999999999", Status = ChannelStatuses.Connected };

    private async Task<string[]> FieldsInErrorAsync(ChannelInput input) =>
        (await _validator.ValidateAsync(input)).Errors.Select(e => e.PropertyName).Distinct().Order().ToArray();

    [Fact]
    public async Task A_sandbox_channel_needs_no_cloud_api_settings() => Assert.Empty(await FieldsInErrorAsync(Valid()));

    [Theory]
    [InlineData("123456789")]
    [InlineData("5511999999999123")]
    [InlineData("+5511999999999")]
    [InlineData("55 11 99999-9999")]
    [InlineData("")]
    public async Task The_number_is_10_to_15_digits(string number) =>
        Assert.Equal(["Number"], await FieldsInErrorAsync(Valid() with { Number = number }));

    [Fact]
    public async Task The_status_is_one_of_the_known_statuses()
    {
        Assert.Equal(["Status"], await FieldsInErrorAsync(Valid() with { Status = "ONLINE" }));
        foreach (var status in ChannelStatuses.All)
            Assert.Empty(await FieldsInErrorAsync(Valid() with { Status = status }));
    }

    [Fact]
    public async Task The_default_department_must_be_an_active_department_of_the_tenant()
    {
        var active = _db.Add(_db.TenantA, new Department { Name = "Vendas" });
        var inactive = _db.Add(_db.TenantA, new Department { Name = "Antigo", IsActive = false });
        var otherTenant = _db.Add(_db.TenantB, new Department { Name = "Vendas B" });

        Assert.Empty(await FieldsInErrorAsync(Valid() with { DefaultDepartmentId = active.Id }));
        Assert.Equal(["DefaultDepartmentId"], await FieldsInErrorAsync(Valid() with { DefaultDepartmentId = inactive.Id }));
        Assert.Equal(["DefaultDepartmentId"], await FieldsInErrorAsync(Valid() with { DefaultDepartmentId = otherTenant.Id }));
    }

    [Fact]
    public async Task A_cloud_api_channel_needs_a_phone_number_id_and_a_token_and_a_valid_base_url_if_any()
    {
        var cloud = Valid() with { Transport = ChannelTransport.CloudApi };
        Assert.Equal(["CloudApiAccessToken", "CloudApiPhoneNumberId"], await FieldsInErrorAsync(cloud));

        var complete = cloud with { CloudApiPhoneNumberId = "106540352242922", CloudApiAccessToken = "EAAGtoken" };
        Assert.Empty(await FieldsInErrorAsync(complete));
        Assert.Empty(await FieldsInErrorAsync(complete with { CloudApiBaseUrl = "https://graph.facebook.com/v21.0" }));
        Assert.Equal(["CloudApiBaseUrl"], await FieldsInErrorAsync(complete with { CloudApiBaseUrl = "graph.facebook.com" }));
        Assert.Equal(["CloudApiBaseUrl"], await FieldsInErrorAsync(complete with { CloudApiBaseUrl = "ftp://example.com" }));
        // The access token must not be sent to this server, the LAN or the cloud metadata service.
        Assert.Equal(["CloudApiBaseUrl"], await FieldsInErrorAsync(complete with { CloudApiBaseUrl = "http://169.254.169.254" }));
        Assert.Equal(["CloudApiBaseUrl"], await FieldsInErrorAsync(complete with { CloudApiBaseUrl = "http://localhost:8080" }));
        var lab = new ChannelInputValidator(_db, Options.Create(new OutboundOptions { AllowPrivateTargets = true }), _db.Localizer<CommonText>(), _db.Localizer<ChannelsText>());
        Assert.True((await lab.ValidateAsync(complete with { CloudApiBaseUrl = "http://127.0.0.1:9999" })).IsValid);
    }

    [Fact]
    public async Task Editing_a_cloud_api_channel_may_keep_its_stored_token()
    {
        var stored = _db.Add(_db.TenantA, new Channel { Name = "Cloud", Transport = ChannelTransport.CloudApi, CloudApiAccessTokenProtected = "encrypted" });
        var withoutToken = _db.Add(_db.TenantA, new Channel { Name = "Cloud sem token", Transport = ChannelTransport.CloudApi });
        var edit = Valid() with { Transport = ChannelTransport.CloudApi, CloudApiPhoneNumberId = "106540352242922" };

        Assert.Empty(await FieldsInErrorAsync(edit with { Id = stored.Id, Name = "Cloud" }));
        Assert.Equal(["CloudApiAccessToken"], await FieldsInErrorAsync(edit with { Id = withoutToken.Id, Name = "Cloud sem token" }));
    }

    [Fact]
    public async Task The_name_is_unique_within_the_tenant()
    {
        _db.Add(_db.TenantA, new Channel { Name = "Linha 1" });
        Assert.Equal(["Name"], await FieldsInErrorAsync(Valid()));
    }

    [Fact]
    public void The_access_token_never_appears_in_the_inputs_text()
    {
        var input = Valid() with { CloudApiAccessToken = "EAAG-very-secret" };
        Assert.DoesNotContain("EAAG-very-secret", input.ToString());
    }

    public void Dispose() => _db.Dispose();
}
