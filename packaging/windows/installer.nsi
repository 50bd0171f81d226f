; The installer a clerk double-clicks: the PyInstaller folder (dist\LianhuaDesk), Chinese
; pages, Start-menu and desktop shortcuts for the window, an entry in 应用和功能.
;
; Per user (no administrator rights needed, which a community PC rarely grants): the
; program goes to %LOCALAPPDATA%\Programs\LianhuaDesk. The data lives elsewhere, in
; %LOCALAPPDATA%\LianhuaDesk (platformdirs), and uninstalling leaves it there.
;
; Built by packaging/windows/installer.sh:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DDIST=<folder> -DOUTFILE=<setup.exe> installer.nsi
; Silent use (what the Wine check does): setup.exe /S [/D=C:\folder]
;   and uninstall.exe /S _?=<install folder>

; A 64-bit installer for a 64-bit program (Windows 10 and later are 64-bit; Wine64 without
; wine32 runs only 64-bit programs).
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "VERSION is not defined (-DVERSION=…)"
!endif
!ifndef DIST
  !error "DIST is not defined (-DDIST=<the PyInstaller folder>)"
!endif
!ifndef OUTFILE
  !define OUTFILE "LianhuaDesk-${VERSION}-setup.exe"
!endif

!define APP "莲花法治工作台"
!define KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\LianhuaDesk"
!define GUI_EXE "lianhua-desk-gui.exe"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\LianhuaDesk"
InstallDirRegKey HKCU "${KEY}" "InstallLocation"
BrandingText "${APP} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APP}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "Apache-2.0"

!include "MUI2.nsh"

!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "欢迎安装${APP}"
!define MUI_WELCOMEPAGE_TEXT "${APP}是街道“一社区一法律顾问”、人民调解和信访分流工作的单机台账程序，不联网，数据只保存在本机。$\r$\n$\r$\n安装不需要管理员权限。点击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开${APP}"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将删除程序文件和快捷方式。$\r$\n$\r$\n你的数据库、备份和日志保存在 $LOCALAPPDATA\LianhuaDesk，卸载不会删除它们；重新安装后仍可打开。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "${APP}" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An update replaces the program's files, never the data (which is not in here).
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  SetShellVarContext current
  CreateDirectory "$SMPROGRAMS\${APP}"
  CreateShortcut "$SMPROGRAMS\${APP}\${APP}.lnk" "$INSTDIR\${GUI_EXE}"
  CreateShortcut "$SMPROGRAMS\${APP}\卸载${APP}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\${GUI_EXE}"

  WriteRegStr HKCU "${KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${KEY}" "Publisher" "莲花街道司法所"
  WriteRegStr HKCU "${KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKCU "${KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$DESKTOP\${APP}.lnk"
  RMDir /r "$SMPROGRAMS\${APP}"
  ; Only what the installer put here: the folder of the program. The data folder
  ; ($LOCALAPPDATA\LianhuaDesk) is not touched.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\lianhua-desk.exe"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${KEY}"
SectionEnd
