; Inno Setup 6 script: the Windows installer for Risk Wizard.
;
; Build the bundle first (python packaging\build.py makes packaging\dist\riskwizard and, when
; Inno Setup 6 is installed, runs this script). By hand:
;
;   iscc /DAppVersion=0.1.0 packaging\windows\riskwizard.iss
;
; Signed (see packaging\README.md): define a Sign Tool named "riskwizard" and pass /DSign:
;
;   iscc /DSign "/Sriskwizard=signtool.exe sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /a $f" packaging\windows\riskwizard.iss
;
; Installs for the current user by default (no administrator prompt, into
; %LOCALAPPDATA%\Programs\Risk Wizard); the first page offers "all users" to administrators.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "..\dist\riskwizard"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\dist"
#endif
#ifndef IconFile
  #define IconFile AddBackslash(SourcePath) + "..\build\icons\riskwizard.ico"
#endif

#define AppName "Risk Wizard"
#define AppPublisher "riskwizard contributors"
#define GuiExe "riskwizard-gui.exe"
#define CliExe "riskwizard.exe"
; The practice file type: extension, ProgID (registry class) and what Explorer calls it.
#define FileExt ".riskwizard"
#define FileProgId "RiskWizard.Practice"
#define FileTypeName "Risk Wizard practice file"
#define FileMime "application/x-riskwizard"

[Setup]
; AppId identifies the program for upgrades and uninstall: never change it.
AppId={{5B0E3C2A-8D4F-4E61-9C3B-2F7A6D1E9B40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} Setup
; Per-user by default; administrators may choose all users on the first page, or with
; /ALLUSERS on the command line (/CURRENTUSER forces per-user).
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
; {autopf} is %LOCALAPPDATA%\Programs per user, Program Files for all users.
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
; Tell Explorer to refresh file type icons and handlers after (un)install.
ChangesAssociations=yes
; The bundle is 64-bit only.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename=riskwizard-{#AppVersion}-windows-setup
Compression=lzma2/max
SolidCompression=yes
; A running Risk Wizard is asked to close before its files are replaced.
CloseApplications=yes
RestartApplications=no
#ifdef Sign
SignTool=riskwizard
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A fresh bundle: files an older version left behind would be loaded by the new one.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
#ifdef Sign
Source: "{#SourceDir}\{#GuiExe}"; DestDir: "{app}"; Flags: ignoreversion signonce
Source: "{#SourceDir}\{#CliExe}"; DestDir: "{app}"; Flags: ignoreversion signonce
#else
Source: "{#SourceDir}\{#GuiExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#SourceDir}\{#CliExe}"; DestDir: "{app}"; Flags: ignoreversion
#endif
Source: "{#SourceDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "HIPAA Security Rule risk analysis"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Registry]
; .riskwizard files open in Risk Wizard. HKA is HKCU\Software\Classes for a per-user install and
; HKLM\Software\Classes for all users (the Inno Setup documentation advises against HKCR).
Root: HKA; Subkey: "Software\Classes\{#FileExt}"; ValueType: string; ValueName: ""; ValueData: "{#FileProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#FileExt}"; ValueType: string; ValueName: "Content Type"; ValueData: "{#FileMime}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#FileExt}\OpenWithProgids"; ValueType: string; ValueName: "{#FileProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#FileProgId}"; ValueType: string; ValueName: ""; ValueData: "{#FileTypeName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#FileProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"
Root: HKA; Subkey: "Software\Classes\{#FileProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: "{#FileExt}"; ValueData: ""

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Uninstall removes {app} and the registry entries above. Settings and recent files live in
; the user's profile (%LOCALAPPDATA%\riskwizard\riskwizard), and practice files wherever the user saved
; them: neither is touched.
