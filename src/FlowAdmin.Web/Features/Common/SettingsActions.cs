using FluentValidation;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Severity = MudBlazor.Severity;

namespace FlowAdmin.Web.Features.Common;

/// <summary>
/// The row actions of the settings screens with their feedback: confirm a delete, run it, and tell the
/// user what happened (a refusal such as "in use, deactivate instead" is shown, never thrown at the circuit).
/// </summary>
public sealed class SettingsActions(IDialogService dialogs, ISnackbar snackbar, IStringLocalizer<CommonText> c)
{
    public async Task<bool> DeleteAsync(string name, Func<CancellationToken, Task> delete)
    {
        var confirmed = await dialogs.ShowMessageBoxAsync(c["ConfirmDelete.Title"], c["ConfirmDelete.Message", name], c["Delete"], cancelText: c["Cancel"]);
        return confirmed == true && await RunAsync(delete, c["Deleted"]);
    }

    public Task<bool> SetActiveAsync(bool active, Func<CancellationToken, Task> change) =>
        RunAsync(change, active ? c["Activated"] : c["Deactivated"]);

    private async Task<bool> RunAsync(Func<CancellationToken, Task> action, string success)
    {
        try
        {
            await action(CancellationToken.None);
            snackbar.Add(success, Severity.Success);
            return true;
        }
        catch (ValidationException ex)
        {
            snackbar.Add(string.Join(" ", ex.Errors.Select(e => e.ErrorMessage)), Severity.Warning);
        }
        catch (KeyNotFoundException)
        {
            snackbar.Add(c["NotFound"], Severity.Warning);
        }
        return false;
    }
}
