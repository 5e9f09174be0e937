using FlowAdmin.Data.Entities;
using FlowAdmin.Web.Features.ClosingReasons;
using FlowAdmin.Web.Features.Common;

namespace FlowAdmin.Tests.Settings;

public sealed class ClosingReasonInputValidatorTests : IDisposable
{
    private readonly SettingsDb _db = new();
    private readonly ClosingReasonInputValidator _validator;

    public ClosingReasonInputValidatorTests() => _validator = new(_db, _db.Localizer<CommonText>());

    [Fact]
    public async Task Name_is_required_and_unique_within_the_tenant()
    {
        _db.Add(_db.TenantA, new ClosingReason { Name = "Resolvido" });
        _db.Add(_db.TenantB, new ClosingReason { Name = "Venda realizada" });

        Assert.Contains((await _validator.ValidateAsync(new ClosingReasonInput { Name = "" })).Errors, e => e.PropertyName == "Name");
        Assert.Contains((await _validator.ValidateAsync(new ClosingReasonInput { Name = "resolvido" })).Errors, e => e.PropertyName == "Name");
        Assert.True((await _validator.ValidateAsync(new ClosingReasonInput { Name = "Venda realizada" })).IsValid);
    }

    public void Dispose() => _db.Dispose();
}
