<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Accounts</name>
    <message>
        <location filename="../../ui/accounttexts.py" line="+65"/>
        <source>The account is locked after too many failed attempts until {0} (UTC). An administrator can unlock it sooner.</source>
        <translation>登录失败次数过多，账户已锁定至 {0}（UTC）。管理员可提前解锁。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This account is switched off. Ask an administrator.</source>
        <translation>此账户已停用，请联系管理员。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This account has no password yet; an administrator must set one.</source>
        <translation>此账户尚未设置密码，需由管理员设置。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The screen is locked; enter your password to go on.</source>
        <translation>屏幕已锁定，请输入密码后继续。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sign in first.</source>
        <translation>请先登录。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your roles do not allow this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That user no longer exists; the list is reloaded.</source>
        <translation>该用户已不存在，列表已重新载入。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>2 to 32 characters: lower-case letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter.</source>
        <translation>2 到 32 个字符，只能包含小写字母、数字、“.”、“_”或“-”，并以字母开头。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1 to 100 characters.</source>
        <translation>1 到 100 个字符。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose at least one role.</source>
        <translation>请至少选择一个角色。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The profile needs at least one active administrator.</source>
        <translation>此配置文件至少需要一名已启用的管理员。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing was changed.</source>
        <translation>没有任何修改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new password is the old one; choose a new one.</source>
        <translation>新密码与原密码相同，请另设一个。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>There is already a user &apos;{0}&apos;.</source>
        <translation>用户“{0}”已存在。</translation>
    </message>
</context>
<context>
    <name>AdminMenu</name>
    <message>
        <location filename="../../ui/adminmenu.py" line="+161"/>
        <source>&amp;Users…</source>
        <extracomment>The screens, and the actions of which any one lets the user open it.</extracomment>
        <translation>用户管理(&amp;U)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Audit log…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;lerts…</source>
        <translation>告警(&amp;L)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Risk &amp;models…</source>
        <translation>风险模型(&amp;M)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Risk grade &amp;overrides…</source>
        <translation>风险等级调整(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Branch &amp;dashboard…</source>
        <translation>支行业务看板(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Backup and security settings…</source>
        <translation>备份与安全设置(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My &amp;account…</source>
        <translation>我的账户(&amp;A)…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Administration</source>
        <translation>管理(&amp;A)</translation>
    </message>
</context>
<context>
    <name>Alerts</name>
    <message>
        <location filename="../../ui/alertspanel.py" line="+47"/>
        <source>Work outside working hours</source>
        <extracomment>The periods offered, in days back from now; None is the whole log.</extracomment>
        <translation>非工作时间操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision outside working hours</source>
        <translation>非工作时间审批</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Many numbers revealed</source>
        <translation>频繁显示完整号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Many exports or prints</source>
        <translation>频繁导出或打印</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed sign-ins</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>An unknown user</source>
        <translation>未知用户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} worked outside working hours: {1} action(s), the first at {2} ({3}).</source>
        <translation>{0} 在非工作时间操作 {1} 次，首次操作于 {2}（{3}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} recorded a decision outside working hours, at {1} ({2}).</source>
        <translation>{0} 于非工作时间 {1}（{2}）作出审批决定。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} revealed {1} masked numbers in a burst (more than {2} within {3} minutes), from {4} ({5}).</source>
        <translation>{0} 短时间内显示了 {1} 个完整号码（{3} 分钟内超过 {2} 个），始于 {4}（{5}）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} exported or printed {1} times in a burst (more than {2} within {3} minutes), from {4} ({5}).</source>
        <translation>{0} 短时间内导出或打印 {1} 次（{3} 分钟内超过 {2} 次），始于 {4}（{5}）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} failed sign-ins for the user name “{1}”, which matches no user here ({2} or more within {3} minutes), from {4} ({5}).</source>
        <translation>使用不存在的用户名“{1}”登录失败 {0} 次（{3} 分钟内达到 {2} 次或以上），始于 {4}（{5}）。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{0} failed sign-ins for the user name of {1} ({2} or more within {3} minutes), from {4} ({5}).</source>
        <translation>以 {1} 的用户名登录失败 {0} 次（{3} 分钟内达到 {2} 次或以上），始于 {4}（{5}）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The whole log</source>
        <translation>全部日志</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last {0} days</source>
        <translation>最近 {0} 天</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{0} alert(s) in this period.</source>
        <translation>此期间共有 {0} 条告警。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No alerts in this period.</source>
        <translation>此期间没有告警。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Period</source>
        <translation>时间范围</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First seen</source>
        <translation>首次发现</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Events</source>
        <translation>事件数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <location filename="../../ui/auditview.py" line="+50"/>
        <source>Profile created</source>
        <translation>创建配置文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User added</source>
        <translation>新增用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User changed</source>
        <translation>修改用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password set</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account locked</source>
        <translation>账户锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account unlocked</source>
        <translation>账户解锁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed in</source>
        <translation>登录成功</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Screen locked</source>
        <translation>屏幕锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Screen unlocked</source>
        <translation>屏幕解锁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number revealed</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exported</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Printed</source>
        <translation>打印</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backup made</source>
        <translation>创建备份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backup restored</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings changed</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database key changed</source>
        <translation>更换数据库密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Risk model installed</source>
        <translation>已安装风险模型</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The record is intact: {0} events checked; its end point is {1}…</source>
        <translation>日志完整：已校验 {0} 条事件，末端校验值为 {1}…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The record is broken. {0}</source>
        <translation>日志完整性校验未通过。{0}</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>All security events</source>
        <translation>全部安全事件</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Everyone</source>
        <translation>全部用户</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This workstation (unknown user names)</source>
        <translation>本工作站（未知用户名）</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>No events match these filters.</source>
        <translation>没有符合筛选条件的事件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The newest {0} events are shown.</source>
        <translation>已显示最新的 {0} 条事件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All {0} matching events are shown.</source>
        <translation>已显示全部 {0} 条符合条件的事件。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Checking the record…</source>
        <translation>正在校验日志…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Checking the record… {0} events so far</source>
        <translation>正在校验日志… 已校验 {0} 条事件</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+11"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+11"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happened</source>
        <translation>事件详情</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verify the record</source>
        <translation>校验日志</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reads every event and checks its fingerprint and its link to the one before, so a record removed or altered shows.</source>
        <translation>逐条读取事件，核对每条事件的校验值及其与上一条的链接，从而发现被删除或篡改的记录。</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <location filename="../../ui/audittexts.py" line="+29"/>
        <source>an unknown user ({0}…)</source>
        <translation>未知用户（{0}…）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>wrong password</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such user</source>
        <translation>用户不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the account was locked</source>
        <translation>账户已锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the account is switched off</source>
        <translation>账户已停用</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Added the user {0} ({1}) as {2}.</source>
        <translation>新增用户 {0}（{1}），角色：{2}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>new display name {0}</source>
        <translation>显示名称改为“{0}”</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>roles now {0}</source>
        <translation>角色改为{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>approval limits changed</source>
        <translation>审批权限已修改</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>now signs as {0}</source>
        <translation>现以{0}身份签批</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>switched on</source>
        <translation>已启用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>switched off</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changed the user {0}: {1}.</source>
        <translation>修改了用户 {0}：{1}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+114"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location line="-107"/>
        <source>Gave {0} a password to change at the next sign-in.</source>
        <translation>为 {0} 设置了临时密码，须在下次登录时修改。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Changed their own password.</source>
        <translation>修改了本人密码。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set a new password for {0}.</source>
        <translation>为 {0} 设置了新密码。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The account of {0} locked after {1} failed attempts, until {2}.</source>
        <translation>{0} 的账户因登录失败 {1} 次被锁定，锁定至 {2}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(not a user name)</source>
        <translation>（无效的用户名）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed to sign in as &apos;{0}&apos;: {1}.</source>
        <translation>以“{0}”登录失败：{1}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The screen locked after idle time.</source>
        <translation>闲置超时，屏幕已自动锁定。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Locked the screen.</source>
        <translation>锁定了屏幕。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Revealed the {0} of case {1}.</source>
        <translation>显示了案件 {1} 的完整{0}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Revealed the {0}.</source>
        <translation>显示了完整{0}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the offer</source>
        <translation>贷款要约</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the approval letter</source>
        <translation>批准通知书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the decline notice</source>
        <translation>拒绝通知书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the credit memo</source>
        <translation>授信审查报告</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the product sheet of {0}</source>
        <translation>{0}产品说明</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Printed {0} of case {1}.</source>
        <translation>打印了案件 {1} 的{0}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Printed {0}.</source>
        <translation>打印了{0}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Automatic backup {0} ({1} events).</source>
        <translation>自动备份 {0}（{1} 条事件）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Made a backup {0} ({1} events).</source>
        <translation>创建了备份 {0}（{1} 条事件）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Restored the backup {0} ({1} events).</source>
        <translation>恢复了备份 {0}（{1} 条事件）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Changed settings: {0}.</source>
        <translation>修改了安全策略设置：{0}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Created the profile.</source>
        <translation>创建了配置文件。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Unlocked the account of {0}.</source>
        <translation>解锁了 {0} 的账户。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signed in.</source>
        <translation>登录成功。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signed out.</source>
        <translation>退出登录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unlocked the screen.</source>
        <translation>解锁了屏幕。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Exported {0} {1}.</source>
        <translation>导出了{1}，共 {0} 项。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Changed the database key.</source>
        <translation>更换了数据库密钥。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Put the risk model {0} in use as the champion.</source>
        <translation>已将风险模型 {0} 设为主模型。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put the risk model {0} in use as the challenger.</source>
        <translation>已将风险模型 {0} 设为挑战者模型。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This record is damaged; verify the record to see how.</source>
        <translation>此记录已损坏；请校验日志查看原因。</translation>
    </message>
    <message>
        <location filename="../../ui/auditview.py" line="-94"/>
        <source>this workstation</source>
        <translation>本工作站</translation>
    </message>
</context>
<context>
    <name>Authority</name>
    <message>
        <location filename="../../ui/decision.py" line="+53"/>
        <source>Whoever submitted or changed a case cannot approve it.</source>
        <translation>提交或修改过案件的人不能批准该案件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The second signature must come from a different person.</source>
        <translation>第二个签名必须由另一人签署。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your tier may not approve this product.</source>
        <translation>您的审批层级不能审批此产品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Above the dual-control amount: a second person must sign as well.</source>
        <translation>超过双人控制金额：还须另一人签署。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Within your authority.</source>
        <translation>在您的审批权限之内。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beyond your authority: a higher tier must sign as well.</source>
        <translation>超出您的审批权限：还须更高层级的人签署。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No tier here may approve this loan: send it to head office.</source>
        <translation>本行没有任何层级可批准此笔贷款：请报总行审批。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The second signature must come from a higher tier.</source>
        <translation>第二个签名必须来自更高层级。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The second signature must come from the same or a higher tier.</source>
        <translation>第二个签名必须来自相同或更高层级。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This loan is beyond your authority too.</source>
        <translation>此笔贷款同样超出您的审批权限。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Second signature: the approval is complete.</source>
        <translation>第二个签名：审批完成。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record the risk score of the case as it stands first.</source>
        <translation>请先按案件当前内容记录风险评分。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The case has no amount to approve.</source>
        <translation>案件没有可审批的金额。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the product before submitting the case.</source>
        <translation>提交案件前请先选择产品。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A grade is overridden while the case awaits its decision.</source>
        <translation>只能在案件等待审批时调整风险等级。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whoever submitted or changed a case cannot override its grade.</source>
        <translation>提交或修改过案件的人不能调整其风险等级。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Override the grade before anyone signs the decision.</source>
        <translation>请在任何人签署审批意见之前调整风险等级。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The case has that grade already.</source>
        <translation>案件已是该等级。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The case changed meanwhile; look at it again.</source>
        <translation>案件在此期间已有改动，请重新查看。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whoever submitted or changed a case cannot decide it.</source>
        <translation>提交或修改过案件的人不能审批该案件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A decline gives one to four principal reasons.</source>
        <translation>拒绝须给出一至四条主要原因。</translation>
    </message>
</context>
<context>
    <name>Backup</name>
    <message>
        <location filename="../../ui/backupdialog.py" line="+47"/>
        <source>{0} MB</source>
        <translation>{0} MB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} kB</source>
        <translation>{0} KB</translation>
    </message>
    <message>
        <location filename="../../ui/restoretab.py" line="+38"/>
        <source>The passphrase does not open this backup. Check it and try again.</source>
        <translation>此口令无法打开该备份。请核对后重试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The key of this profile does not open this backup; it was made elsewhere.</source>
        <translation>本配置文件的密钥无法打开该备份；该备份并非由本配置文件创建。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The backup file is damaged; it cannot be restored. Try another copy.</source>
        <translation>备份文件已损坏，无法恢复。请改用其他副本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This file is not a LoanDesk backup.</source>
        <translation>此文件不是 LoanDesk 备份文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This backup was made by a newer LoanDesk; update LoanDesk to restore it.</source>
        <translation>此备份由更新版本的 LoanDesk 创建；请升级 LoanDesk 后再恢复。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no such backup file.</source>
        <translation>备份文件不存在。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The backup has several administrators: say which one restores it.</source>
        <translation>此备份中有多名管理员，请指定由哪一名管理员执行恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/pathfield.py" line="+34"/>
        <source>LoanDesk backups (*.ldbackup)</source>
        <translation>LoanDesk 备份文件 (*.ldbackup)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/backupdialog.py" line="+82"/>
        <source>No backup of this profile was made yet.</source>
        <translation>此配置文件尚无备份。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last backup: {0}, by {1}. {2}</source>
        <translation>上次备份：{0}，由 {1} 执行。{2}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Daily automatic backups are off (see Security policy).</source>
        <translation>每日自动备份已关闭（见“安全策略”）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Daily automatic backups are on: the newest {0} are kept in {1}.</source>
        <translation>每日自动备份已开启：最近 {0} 份保存在 {1}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The newest is from {0}.</source>
        <translation>最新一份创建于 {0}。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose where to write the backup.</source>
        <translation>请选择备份的保存位置。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Confirm the backup</source>
        <translation>确认备份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write a backup to {0}: enter your own password to confirm.</source>
        <translation>将备份写入 {0}：请输入本人密码确认。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The backup is written and checked: {0} events, {1}, in {2}. Keep the passphrase safe: without it nobody can open this backup.</source>
        <translation>备份已写入并通过校验：{0} 条事件，{1}，位于 {2}。请妥善保管备份口令：没有口令，任何人都无法打开此备份。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>A backup is one encrypted file that opens only with its passphrase. Keep it away from this computer, and the passphrase apart from it.</source>
        <translation>备份是一个加密文件，只能用其备份口令打开。请将备份存放在本机以外的地方，并将口令与备份分开保管。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../../ui/restoretab.py" line="+126"/>
        <source>Backup file</source>
        <translation>备份文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back up now…</source>
        <translation>立即备份…</translation>
    </message>
    <message>
        <location filename="../../ui/restoretab.py" line="-73"/>
        <source>This profile was opened without saying where its key is kept.</source>
        <translation>打开此配置文件时未指明密钥的保存位置。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose the backup file.</source>
        <translation>请选择备份文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a new, empty folder for it.</source>
        <translation>请为新配置文件选择一个空文件夹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the passphrase of the backup.</source>
        <translation>请输入备份口令。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the password of that administrator in the backup.</source>
        <translation>请输入备份中该管理员的密码。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Restored {0} events from the backup of {1} into {2}. Start LoanDesk with that folder as its profile and sign in as {3}. The profile open now is unchanged.</source>
        <translation>已从 {1} 的备份中恢复 {0} 条事件到 {2}。请以该文件夹作为配置文件启动 LoanDesk，并以 {3} 登录。当前打开的配置文件未作任何改动。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A restore checks the backup whole, then rebuilds it as a new profile in an empty folder. An administrator recorded in the backup signs in to it.</source>
        <translation>恢复时先完整校验备份，再在空文件夹中将其重建为新的配置文件，由备份中记录的管理员登录。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New profile folder</source>
        <translation>新配置文件的文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passphrase</source>
        <translation>备份口令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator in the backup</source>
        <translation>备份中的管理员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Their password</source>
        <translation>该管理员的密码</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A daily automatic backup of this profile (opens with its key)</source>
        <translation>本配置文件的每日自动备份（用本配置文件的密钥打开）</translation>
    </message>
    <message>
        <location filename="../../ui/backupdialog.py" line="+27"/>
        <location filename="../../ui/restoretab.py" line="+6"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Backup and security settings</source>
        <translation>备份与安全设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Security policy</source>
        <translation>安全策略</translation>
    </message>
</context>
<context>
    <name>CaseList</name>
    <message>
        <location filename="../../ui/caselist.py" line="+70"/>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last change</source>
        <translation>最后修改</translation>
    </message>
    <message>
        <location line="+296"/>
        <source>All cases</source>
        <extracomment>what an empty list says instead of nothing</extracomment>
        <translation>全部案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My cases</source>
        <translation>我的案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Awaiting my decision</source>
        <translation>待我审批</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>No case matches. Clear the search or choose All statuses.</source>
        <translation>没有符合条件的案件。请清除搜索内容或选择“全部状态”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No case waits for your decision. Cases submitted for review come here.</source>
        <translation>没有等待您审批的案件。提交审核的案件会显示在这里。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>You have opened no case yet: File → New case (Ctrl+N) opens one.</source>
        <translation>您尚未开立案件：点击“文件 → 新建案件”（Ctrl+N）即可开立。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No case yet. File → New case (Ctrl+N) opens one; cases from the other desks of the branch come with the next sync.</source>
        <translation>暂无案件。点击“文件 → 新建案件”（Ctrl+N）即可开立；支行其他工作站的案件会在下次同步时到来。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No case yet. Cases the branch&apos;s officers open come here.</source>
        <translation>暂无案件。支行信贷员开立的案件会显示在这里。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Search the cases</source>
        <translation>搜索案件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the cases of status</source>
        <translation>按状态显示案件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Worklist</source>
        <translation>工作列表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search by name, ID number or case number</source>
        <translation>按姓名、身份证号或案件编号搜索</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../ui/caseview.py" line="+299"/>
        <source>Choose a case in the list to see it.</source>
        <extracomment>other open cases of the branch for the same ID number (field) a masked number now shows in full Masked fields shown in full for the case on screen. Numbers the user typed and saved: shown in full when that case comes back. Moves on whenever reveals are withdrawn: a late answer is then dropped. the Documents tab, when the window gives one (it needs the intake service) the Risk tab, when the window gives one (it needs the risk service) the Decision tab, when the window gives one the Comments tab, when the window gives one the Offer tab, when the window gives one</extracomment>
        <translation>请在列表中选择要查看的案件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read only: your role does not include changing cases.</source>
        <translation>只读：您的角色无权修改案件。</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Nothing to save: the form is empty.</source>
        <translation>没有可保存的内容：表单为空。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not saved: {0} field(s) need attention.</source>
        <translation>未保存：有 {0} 个字段需要修改。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not saved.</source>
        <translation>未保存。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Documents</source>
        <translation>材料</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Offer</source>
        <translation>贷款方案</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Decision</source>
        <translation>审批</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Comments ({0})</source>
        <translation>评论（{0}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New case</source>
        <translation>新案件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Case {0} · {1}</source>
        <translation>案件 {0} · {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No case open</source>
        <translation>未打开案件</translation>
    </message>
</context>
<context>
    <name>Choices</name>
    <message>
        <location filename="../../ui/texts.py" line="+116"/>
        <source>Owns the home</source>
        <translation>自有住房</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lives with parents</source>
        <translation>与父母同住</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rents</source>
        <translation>租房</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Permanent employee</source>
        <translation>固定雇员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Self-employed or freelance</source>
        <translation>个体经营或自由职业</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Part-time</source>
        <translation>兼职</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yes</source>
        <translation>有</translation>
    </message>
</context>
<context>
    <name>Comments</name>
    <message>
        <location filename="../../ui/feedback.py" line="+33"/>
        <source>Application</source>
        <extracomment>once decided, the applicant most likely speaks of the decision</extracomment>
        <translation>申请</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decision</source>
        <translation>审批</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disbursement</source>
        <translation>放款</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>5 – very good</source>
        <translation>5 – 非常好</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>4 – good</source>
        <translation>4 – 好</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3 – fair</source>
        <translation>3 – 一般</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>2 – poor</source>
        <translation>2 – 差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 – very poor</source>
        <translation>1 – 非常差</translation>
    </message>
    <message>
        <location filename="../../ui/comments.py" line="+55"/>
        <source>No user is called @{0}; check the name, or leave out the @.</source>
        <extracomment>a mention of the signed-in user stands out more than one of a colleague</extracomment>
        <translation>没有名为 @{0} 的用户；请检查名称，或去掉 @。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>@{0} is switched off and cannot be mentioned.</source>
        <translation>@{0} 已停用，不能被提及。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>@{0} cannot open cases, so would never read the comment.</source>
        <translation>@{0} 无权查看案件，看不到这条评论。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A comment can mention at most 20 people.</source>
        <translation>一条评论最多可提及 20 人。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The text is too long.</source>
        <translation>文字太长。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the comment first.</source>
        <translation>请先填写评论。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a rating from 1 to 5.</source>
        <translation>请选择 1 至 5 的评分。</translation>
    </message>
    <message>
        <location filename="../../ui/mentions.py" line="+172"/>
        <source>1 new mention</source>
        <extracomment>&quot;@&quot; (or &quot;＠&quot;) where a mention may start (as ``MENTION``), and what follows it to the cursor (count) after each count of the unread mentions, whether or not the number moved</extracomment>
        <translation>1 条新的提及</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} new mentions</source>
        <translation>{0} 条新的提及</translation>
    </message>
    <message>
        <location filename="../../ui/feedback.py" line="+62"/>
        <source>{0} {1} of 5</source>
        <translation>{0}：{1}/5 分</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Recorded on this case: {0}</source>
        <translation>本案件已记录：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No feedback recorded on this case yet.</source>
        <translation>本案件尚未记录反馈。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What the applicant said</source>
        <translation>申请人的反馈内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Applicant feedback</source>
        <translation>申请人反馈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>环节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rating</source>
        <translation>评分</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the applicant said (optional)</source>
        <translation>申请人的意见（可选）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../ui/comments.py" line="+115"/>
        <source>No comments yet. Type @ and a name to ask a colleague.</source>
        <extracomment>the thread of the case on screen was read and shown the signed-in user&apos;s unread mentions, for the main window to show</extracomment>
        <translation>暂无评论。输入 @ 和用户名可向同事提问。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No comments yet.</source>
        <translation>暂无评论。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>unknown user</source>
        <translation>未知用户</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>new: mentions you</source>
        <translation>新：提及了您</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Feedback recorded.</source>
        <translation>反馈已记录。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The comments on the case</source>
        <translation>案件评论</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send (Ctrl+Enter)</source>
        <translation>发送（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write a comment for your colleagues…</source>
        <translation>给同事写评论…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ctrl+Enter sends. Type @ and a name to mention a colleague.</source>
        <translation>Ctrl+Enter 发送。输入 @ 和用户名可提及同事。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Read only: your role does not include commenting on cases.</source>
        <translation>只读：您的角色不能在案件上评论。</translation>
    </message>
</context>
<context>
    <name>Conflicts</name>
    <message>
        <location filename="../../ui/fieldchoice.py" line="+102"/>
        <source>{0}, {1}</source>
        <extracomment>the form&apos;s order of the fields, for listing conflicted ones</extracomment>
        <translation>{0}，{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unknown user {0}</source>
        <translation>未知用户 {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Set by {0}</source>
        <translation>填写人：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · now on the case</source>
        <translation> · 案件当前值</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>{0}: {1}. {2}</source>
        <translation>{0}：{1}。{2}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other value:</source>
        <translation>其他值：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}: another value</source>
        <translation>{0}：其他值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Other value for {0}</source>
        <translation>{0}的其他值</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Hidden digits are shown only where the numbers differ: check those against the document.</source>
        <translation>只显示各号码不同位置上的数字，其余仍隐藏：请将这几位与证件原件核对。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reveal…</source>
        <translation>显示完整号码…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the value now on the case in full. Asks for your password again and records that you saw the whole number.</source>
        <translation>完整显示案件当前的值。需要再次输入您的密码，并记录您查看过完整号码。</translation>
    </message>
    <message>
        <location filename="../../ui/resolve.py" line="+120"/>
        <source>Your role does not include changing cases; you can only look.</source>
        <extracomment>(resolved) the service answered: True when the choice was recorded (field) the value now on the case shows in full</extracomment>
        <translation>您的角色无权修改案件，只能查看。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing to resolve: every value on this case is settled.</source>
        <translation>无需处理：本案件的各项值均已确定。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every field has a value chosen: press Resolve to record them.</source>
        <translation>每一项都已选定取值：点击“确认取值”即可保存。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Chosen: {0} of {1}. Choose a value for each field to resolve.</source>
        <translation>已选择 {0}/{1} 项。请为每一项选择一个值后再确认。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Not resolved: the case changed while you were choosing. The values below are as they stand now, with your choices kept where they still apply; check them and press Resolve again.</source>
        <translation>未确认：您选择期间案件已有改动。下方是最新的值，仍然适用的选择已为您保留；请核对后再次点击“确认取值”。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Not resolved: {0}</source>
        <translation>未确认：{0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not resolved; nothing was changed.</source>
        <translation>未确认，未做任何修改。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Values set differently · case {0}</source>
        <translation>取值不一致 · 案件 {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>While their desks were apart, colleagues set these values differently. Check the documents, then choose the right value for each field or type another. Nothing changes until you press Resolve.</source>
        <translation>在工作站断网期间，同事对以下各项填写了不同的值。请核对证件资料，为每一项选择正确的值，或输入其他值。点击“确认取值”之前不会做任何修改。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Resolve</source>
        <translation>确认取值</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="+135"/>
        <source>Values set differently</source>
        <extracomment>(rows) the list was read again</extracomment>
        <translation>取值不一致</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cases in which colleagues set the same value differently while their desks were apart. Open one to see every value, who set it and when, and choose.</source>
        <translation>以下案件中，同事在工作站断网期间对同一项填写了不同的值。打开案件可查看每个值、填写人和时间，并作出选择。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No case has values set differently: nothing to resolve.</source>
        <translation>没有取值不一致的案件，无需处理。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fields</source>
        <translation>项数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set differently</source>
        <translation>不一致的项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last change</source>
        <translation>最后修改</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cases with values set differently</source>
        <translation>取值不一致的案件</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+90"/>
        <location line="+38"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="-58"/>
        <source>Resolve…</source>
        <translation>处理…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>⚠ {0} value(s) were set differently at several desks ({1})</source>
        <translation>⚠ 多个工作站对 {0} 项填写了不同的值（{1}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>⚠ 1 value was set differently at two desks ({1})</source>
        <translation>⚠ 两个工作站对 1 项填写了不同的值（{1}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>⚠ {0} values were set differently at two desks ({1})</source>
        <translation>⚠ 两个工作站对 {0} 项填写了不同的值（{1}）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Resolve the values set differently</source>
        <translation>处理取值不一致的项</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>⚠ Another open case of the branch has the same ID number: {0}. It may be the same applicant.</source>
        <translation>⚠ 本支行另有未结案件使用同一身份证号：{0}。可能是同一申请人。</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../../ui/dashboard.py" line="+298"/>
        <source>The first day comes after the last.</source>
        <extracomment>the periods offered, by key, in the order of the list (path) an export was written there</extracomment>
        <translation>起始日期晚于结束日期。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Grade {0}</source>
        <translation>等级 {0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not scored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>In the supervisor&apos;s own words</source>
        <translation>主管自行填写的原因</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No case was declined in the period.</source>
        <translation>期间内没有被拒绝的案件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0} cases</source>
        <translation>{0} 件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No open case lacks a document.</source>
        <translation>没有缺少材料的未结案件。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0} to a better grade, {1} to a worse</source>
        <translation>调高 {0} 件，调低 {1} 件</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>No risk model is in use here.</source>
        <translation>本机未使用风险模型。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model {0}: no case has been scored with it yet.</source>
        <translation>模型 {0}：尚无案件使用它评分。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model {0}: the score&apos;s PSI is {1:.3f} ({2}) over {3} cases.</source>
        <translation>模型 {0}：基于 {3} 件案件，评分 PSI 为 {1:.3f}（{2}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The input that moved most is {0}: PSI {1:.3f} ({2}).</source>
        <translation>漂移最大的输入为 {0}：PSI {1:.3f}（{2}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fewer than 30 cases: the PSI is mostly chance so far.</source>
        <translation>案件少于 30 件：PSI 目前主要反映随机波动。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save the report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Branch dashboard</source>
        <translation>支行业务看板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Period</source>
        <translation>期间(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;roduct</source>
        <translation>产品(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>O&amp;fficer</source>
        <translation>信贷员(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This quarter</source>
        <translation>本季度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From … to …</source>
        <translation>自定义起止日期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All products</source>
        <translation>全部产品</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All officers</source>
        <translation>全部信贷员</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cases opened, by status now</source>
        <translation>期间开立的案件（按当前状态）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decisions in the period</source>
        <translation>期间内的审批结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top decline reasons</source>
        <translation>主要拒绝原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Risk grades of the cases opened</source>
        <translation>期间开立案件的风险等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Officers&apos; workload</source>
        <translation>信贷员工作量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents missing from open cases</source>
        <translation>未结案件缺少的材料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model drift</source>
        <translation>模型漂移</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+17"/>
        <source>Decided</source>
        <translation>已决定</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Approved</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Declined</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approval rate</source>
        <translation>批准率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount approved</source>
        <translation>批准金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days to decision, median</source>
        <translation>办理天数（中位数）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days to decision, 90% within</source>
        <translation>办理天数（90% 在此之内）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade overrides</source>
        <translation>等级调整</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Officer</source>
        <translation>信贷员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened</source>
        <translation>开立</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With the officer</source>
        <translation>信贷员处理中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No case was opened or decided in this period. Choose a longer period, another product or all officers.</source>
        <translation>此期间内没有开立或作出决定的案件。请选择更长的期间、其他产品或全部信贷员。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export &amp;CSV…</source>
        <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export P&amp;DF…</source>
        <translation>导出 PDF(&amp;D)…</translation>
    </message>
</context>
<context>
    <name>Decision</name>
    <message>
        <location filename="../../ui/decision.py" line="+56"/>
        <source>Amount within the product&apos;s range</source>
        <translation>金额在产品范围内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Term within the product&apos;s range</source>
        <translation>期限在产品范围内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Age at the last instalment</source>
        <translation>末期还款时年龄</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum income</source>
        <translation>最低收入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Debt-to-income cap</source>
        <translation>负债收入比上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loan-to-value cap</source>
        <translation>贷款价值比上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid ID number</source>
        <translation>身份证号有效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents within validity</source>
        <translation>材料在有效期内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No arrears on file</source>
        <translation>无逾期记录</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>passes</source>
        <translation>通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fails</source>
        <translation>未通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot tell: fill in the case</source>
        <translation>无法判断：请补全案件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The rules propose approval.</source>
        <translation>规则建议批准。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The rules refer the case to a supervisor&apos;s judgement.</source>
        <translation>规则建议由主管判断。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The rules propose a decline.</source>
        <translation>规则建议拒绝。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the product to see its rules.</source>
        <translation>选择产品后可查看其规则。</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Sign in the box first.</source>
        <translation>请先在框内签名。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Approve and sign</source>
        <translation>批准并签署</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decline and sign</source>
        <translation>拒绝并签署</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return to the officer</source>
        <translation>退回信贷员</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Conditions, one a line</source>
        <translation>批准条件，每行一条</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Principal reasons, one a line (1–4)</source>
        <translation>主要原因，每行一条（1–4 条）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the officer should do</source>
        <translation>信贷员需要做什么</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your signature: draw it in the box, or select the box and type your name</source>
        <translation>您的签名：在框内手写，或选中该框后输入您的姓名</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>grade {0}, probability of default {1}</source>
        <translation>等级 {0}，违约概率 {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not scored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;{0}&lt;/b&gt;: case {1}, {2}, {3} over {4} months; {5}.</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;：案件 {1}，{2}，{3}，期限 {4} 个月；{5}。</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>Withdraw the case</source>
        <translation>撤回案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why is the case withdrawn?</source>
        <translation>撤回案件的原因？</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Risk grade {0}, as the model graded it.</source>
        <translation>风险等级 {0}，为模型评定。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Risk grade {0}: overridden from the model&apos;s {1} by {2}. Why: {3}</source>
        <translation>风险等级 {0}：由{2}从模型评定的 {1} 调整。理由：{3}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Your authority: {0}</source>
        <translation>您的审批权限：{0}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{0}: {1} signed by {2} at {3}</source>
        <translation>{0}：{2} 于 {3} 签署 {1}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(void: the case changed)</source>
        <translation>（已作废：案件已更改）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No signature on the case yet.</source>
        <translation>案件尚无签名。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The product&apos;s policy rules on the case</source>
        <translation>本案适用的产品政策规则</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Submit for review</source>
        <translation>提交审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take for review</source>
        <translation>接手审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve…</source>
        <translation>批准…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decline…</source>
        <translation>拒绝…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The applicant accepted</source>
        <translation>申请人已接受</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdraw…</source>
        <translation>撤回…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Override grade…</source>
        <translation>调整风险等级…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Policy rule</source>
        <translation>政策规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="-32"/>
        <source>approval</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>decline</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>return for more information</source>
        <translation>退回补充材料</translation>
    </message>
</context>
<context>
    <name>DocTexts</name>
    <message>
        <location filename="../../ui/doctexts.py" line="+22"/>
        <source>en</source>
        <comment>the language code of this catalogue</comment>
        <translation>zh_CN</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ID card (front)</source>
        <translation>身份证人像面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID card (back)</source>
        <translation>身份证国徽面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payslip</source>
        <translation>工资单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bank statement</source>
        <translation>银行流水</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Business licence</source>
        <translation>营业执照</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Utility bill</source>
        <translation>水电燃气账单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other document</source>
        <translation>其他材料</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not read yet</source>
        <translation>尚未识别</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Attached</source>
        <translation>已添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read, to confirm</source>
        <translation>已识别，待确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ethnicity</source>
        <translation>民族</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Issuing authority</source>
        <translation>签发机关</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid from</source>
        <translation>有效期起</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passport number</source>
        <translation>护照号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Surname</source>
        <translation>姓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Given names</source>
        <translation>名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nationality</source>
        <translation>国籍</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expiry date</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pay period</source>
        <translation>工资月份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gross pay</source>
        <translation>应发工资</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net pay</source>
        <translation>实发工资</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bank</source>
        <translation>银行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account number</source>
        <translation>账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Period start</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Period end</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average monthly inflow</source>
        <translation>月均收入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average monthly outflow</source>
        <translation>月均支出</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+21"/>
        <source>Average balance</source>
        <translation>日均余额</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Salary credit</source>
        <translation>工资入账</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company name</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered capital</source>
        <translation>注册资本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Established on</source>
        <translation>成立日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider</source>
        <translation>收费单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bill date</source>
        <translation>账单日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount due</source>
        <translation>应缴金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monthly income</source>
        <translation>月收入</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inflow</source>
        <translation>收入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outflow</source>
        <translation>支出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Salary</source>
        <translation>工资</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not found on the document.</source>
        <translation>材料上未找到此项。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hard to read; check it against the page.</source>
        <translation>识别不清，请对照原件核对。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not a well-formed resident ID number.</source>
        <translation>不是格式正确的居民身份证号码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The check digit does not match; a digit was misread or mistyped.</source>
        <translation>校验码不符：有一位数字识别或输入有误。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The printed date of birth differs from the ID number&apos;s.</source>
        <translation>证件上的出生日期与身份证号码中的不一致。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The printed sex differs from the ID number&apos;s.</source>
        <translation>证件上的性别与身份证号码中的不一致。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A check digit of the machine-readable zone fails.</source>
        <translation>机读区的校验位不符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The printed value differs from the machine-readable zone.</source>
        <translation>印刷内容与机读区不一致。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not a real date.</source>
        <translation>不是有效的日期。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The credit code&apos;s check character does not match.</source>
        <translation>统一社会信用代码的校验码不符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The card number fails its check digit.</source>
        <translation>卡号校验位不符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the amount as digits, e.g. 12500.00.</source>
        <translation>请用数字填写金额，例如 12500.00。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not an amount of money.</source>
        <translation>不是有效的金额。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One digit too many was read and dropped; check the number.</source>
        <translation>识别时多出一位数字，已去掉；请核对号码。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Some transaction rows do not add up to their balance; check the figures.</source>
        <translation>部分交易行与余额对不上，请核对金额。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The file is damaged and cannot be opened.</source>
        <translation>文件已损坏，无法打开。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file is empty.</source>
        <translation>文件是空的。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The PDF is protected by a password; ask for a copy without one.</source>
        <translation>该 PDF 设有密码保护，请索取无密码的副本。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Office files cannot be read; save the document as PDF first.</source>
        <translation>无法读取 Office 文件，请先另存为 PDF。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The file is too big to take in.</source>
        <translation>文件太大，无法添加。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A page is too large to read; scan it at a lower resolution.</source>
        <translation>页面过大无法识别，请以较低分辨率扫描。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The document has too many pages; split it.</source>
        <translation>文件页数过多，请拆分后再添加。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This kind of file cannot be read; use PNG, JPEG, TIFF, BMP or PDF.</source>
        <translation>无法读取此类文件，请使用 PNG、JPEG、TIFF、BMP 或 PDF。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The scanner could not scan the page.</source>
        <translation>扫描仪未能扫描该页。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The name differs between documents or from the form.</source>
        <translation>各材料之间或与申请表上的姓名不一致。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The ID number differs between documents or from the form.</source>
        <translation>各材料之间或与申请表上的身份证号码不一致。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The date of birth differs between documents or from the form.</source>
        <translation>各材料之间或与申请表上的出生日期不一致。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The ID card has expired.</source>
        <translation>身份证已过期。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The passport has expired.</source>
        <translation>护照已过期。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The business licence names another legal representative than the applicant.</source>
        <translation>营业执照上的法定代表人不是申请人。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The declared monthly income is well above what the documents show.</source>
        <translation>申报的月收入明显高于材料所示。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The document is older than the checklist allows.</source>
        <translation>材料已超过规定的时效。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Warning</source>
        <translation>提醒</translation>
    </message>
</context>
<context>
    <name>Documents</name>
    <message>
        <location filename="../../ui/reading.py" line="+31"/>
        <source>Cancel</source>
        <extracomment>(document_id, pages done, pages in all)</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Page {0} of {1}</source>
        <translation>第 {0} 页，共 {1} 页</translation>
    </message>
    <message>
        <location filename="../../ui/doctables.py" line="+56"/>
        <source>Reading…</source>
        <translation>正在识别…</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Provided</source>
        <translation>已提供</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(not confirmed yet)</source>
        <translation>（尚未确认）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Missing: {0}</source>
        <translation>缺少：{0}</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>No findings.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="+245"/>
        <source>Attach documents to the case</source>
        <extracomment>below this width (pixels) the tab lays itself out for a side pane (case_id) the list, checklist and findings show that case now (document_id) a file was attached (text) a file was not taken in, or a scan failed; the text is on show</extracomment>
        <translation>为案件添加材料</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Documents ({0})</source>
        <translation>材料 ({0})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pictures ({0})</source>
        <translation>图片 ({0})</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>The case&apos;s documents</source>
        <translation>案件材料</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Attach files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read again</source>
        <translation>重新识别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review…</source>
        <translation>核对…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>or drop files here</source>
        <translation>或将文件拖放到这里</translation>
    </message>
    <message>
        <location filename="../../ui/doctables.py" line="-73"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lowest confidence</source>
        <translation>最低置信度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading</source>
        <translation>识别进度</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="-7"/>
        <location line="+9"/>
        <source>Checklist</source>
        <translation>材料清单</translation>
    </message>
    <message>
        <location filename="../../ui/doctables.py" line="+35"/>
        <source>Requirement</source>
        <translation>要求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>情况</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="-8"/>
        <location line="+10"/>
        <source>Cross-checks</source>
        <translation>交叉核验</translation>
    </message>
    <message>
        <location filename="../../ui/doctables.py" line="+38"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finding</source>
        <translation>发现</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compared with</source>
        <translation>对照值</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../ui/fields.py" line="+263"/>
        <source>Hidden for privacy. Reveal asks for your password again and records that you saw the whole number.</source>
        <translation>为保护隐私已脱敏显示。点击“显示”需再次输入密码，并将记录您查看了完整号码。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hidden for privacy; your role does not include revealing it.</source>
        <translation>为保护隐私已脱敏显示；您的角色无权查看完整号码。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The pasted text has {0} characters; this field takes at most {1}. Nothing was pasted.</source>
        <translation>粘贴的文本有 {0} 个字符，此字段最多 {1} 个字符。未粘贴任何内容。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reveal</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="-65"/>
        <source>Full name</source>
        <extracomment>Roles in the order a person reads them: the desk&apos;s work first, then oversight.</extracomment>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resident ID number</source>
        <translation>居民身份证号码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employed since</source>
        <translation>入职日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monthly income</source>
        <translation>月收入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monthly debt payments</source>
        <translation>每月还债支出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Housing</source>
        <translation>住房状况</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Employment type</source>
        <translation>就业类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monthly living expenses</source>
        <translation>每月生活支出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outstanding debt</source>
        <translation>未偿债务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assets</source>
        <translation>资产</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrears on file</source>
        <translation>有无逾期记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price of what the loan buys</source>
        <translation>所购物品价格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Product</source>
        <translation>贷款产品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount requested</source>
        <translation>申请金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Term (months)</source>
        <translation>期限（月）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Purpose</source>
        <translation>贷款用途</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loan request</source>
        <translation>贷款申请</translation>
    </message>
</context>
<context>
    <name>FieldsPanel</name>
    <message>
        <location filename="../../ui/fieldspanel.py" line="+124"/>
        <source>Changed by you</source>
        <extracomment>(border, text) per grade (code, message) of a value refused on confirming</extracomment>
        <translation>已由您修改</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read clearly ({0}%)</source>
        <translation>识别清楚（{0}%）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>None on this document</source>
        <translation>本材料上没有此项</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check against the page ({0}%)</source>
        <translation>请对照原件核对（{0}%）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not read; type it from the page</source>
        <translation>未识别，请按原件填写</translation>
    </message>
    <message>
        <location line="+141"/>
        <source>Document kind</source>
        <extracomment>(name) a field took the focus (kind: DocKind) the user chose another kind</extracomment>
        <translation>材料类型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Months</source>
        <translation>各月情况</translation>
    </message>
</context>
<context>
    <name>FirstPassword</name>
    <message>
        <location filename="../../ui/firstpassword.py" line="+72"/>
        <source>Enter the password the administrator gave you.</source>
        <translation>请输入管理员提供的初始密码。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Choose your password</source>
        <translation>设置个人密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Welcome, {0}</source>
        <translation>欢迎，{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An administrator set your password. Choose your own now, before you go on; nobody else should know it. Quit if you cannot do it now.</source>
        <translation>您当前的密码由管理员设置。继续操作前，请先设置个人密码，且不得告知他人。如暂时无法设置，请退出。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Password from the administrator</source>
        <translation>初始密码</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../ui/help.py" line="+121"/>
        <location line="+25"/>
        <source>Glossary</source>
        <extracomment>the list entry that shows the glossary</extracomment>
        <translation>术语表</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>LoanDesk help</source>
        <translation>LoanDesk 帮助</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Topics</source>
        <translation>主题</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <location filename="../../ui/history.py" line="+24"/>
        <source>{0} from {1} to {2}</source>
        <translation>{0}：由 {1} 改为 {2}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>resolved a conflict, choosing {0}</source>
        <translation>解决了冲突，选定 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>changed {0}</source>
        <translation>修改了{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>changed {0} fields of the loan request</source>
        <translation>修改了贷款申请的 {0} 个字段</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>changed {0} fields of the applicant</source>
        <translation>修改了申请人的 {0} 个字段</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>attached {0}</source>
        <translation>添加了 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>had {0} read</source>
        <translation>识别了 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>confirmed the fields of {0}</source>
        <translation>确认了 {0} 的字段</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>removed {0}</source>
        <translation>移除了 {0}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>scored the case with {0}: grade {1}, PD {2}, score {3}</source>
        <translation>用模型 {0} 评分：等级 {1}，违约概率 {2}，评分 {3}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>scored the case with the challenger {0}: grade {1}, PD {2}, score {3}</source>
        <translation>用挑战者模型 {0} 评分：等级 {1}，违约概率 {2}，评分 {3}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>the rules propose approval</source>
        <translation>规则建议批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the rules refer it to a supervisor</source>
        <translation>规则建议转主管审批</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the rules propose a decline</source>
        <translation>规则建议拒绝</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>submitted the case ({0})</source>
        <translation>提交了案件（{0}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>took the case for review</source>
        <translation>接手审核案件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>recorded that the applicant accepted</source>
        <translation>记录了申请人已接受</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>withdrew the case: {0}</source>
        <translation>撤回了案件：{0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>approved and signed the case</source>
        <translation>批准并签署了案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>signed the approval; a second signature must follow</source>
        <translation>签署了批准；尚需第二人签署</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>declined and signed the case: {0}</source>
        <translation>拒绝并签署了案件：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>returned the case to the officer: {0}</source>
        <translation>将案件退回信贷员：{0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the application</source>
        <translation>申请环节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the decision</source>
        <translation>审批环节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disbursement</source>
        <translation>放款环节</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>commented, mentioning {0}: {1}</source>
        <translation>发表评论并提及{0}：{1}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>recorded the applicant&apos;s feedback on {0}: {1} of 5</source>
        <translation>记录了申请人对{0}的反馈：{1}/5 分</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>opened case {0}</source>
        <translation>创建了案件 {0}</translation>
    </message>
    <message>
        <location line="+33"/>
        <location line="+38"/>
        <source>The case&apos;s history</source>
        <translation>案件历史记录</translation>
    </message>
    <message>
        <location line="-97"/>
        <source>commented: {0}</source>
        <translation>添加备注：{0}</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>overrode the grade from {0} to {1}: “{2}”</source>
        <translation>将风险等级从 {0} 调整为 {1}：“{2}”</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>recorded {0}</source>
        <translation>记录了 {0}</translation>
    </message>
    <message>
        <location line="-45"/>
        <location line="+79"/>
        <location filename="../../ui/review.py" line="+315"/>
        <source>unknown user</source>
        <translation>未知用户</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/lockscreen.py" line="+130"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>LoanDesk is locked</source>
        <translation>LoanDesk 已锁定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signed in: {0} ({1})</source>
        <translation>当前登录：{0}（{1}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Locked after {0} minute(s) without activity. Enter your password to go on where you left off.</source>
        <translation>闲置 {0} 分钟后已自动锁定。请输入密码，继续之前的工作。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter your password to go on where you left off.</source>
        <translation>请输入密码，继续之前的工作。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caps Lock is on.</source>
        <translation>大写锁定已开启。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Someone else? Sign this user out so another can sign in.</source>
        <translation>如需更换用户，请先退出当前用户的登录。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.py" line="+369"/>
        <source>Open case {0}, where {1} wrote: {2}</source>
        <extracomment>The user signed out: the window has closed and someone else may sign in. The window closed for good (not a sign-out): LoanDesk ends. The user asked to see the cases in conflict (by clicking the sync line). a demo profile stays one: read once, not at every retranslation</extracomment>
        <translation>打开案件 {0}，{1}写道：{2}</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>Signed out</source>
        <translation>已退出登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An administrator switched your account off for the whole branch, so you are signed out. Changes you had not saved were not kept. Ask an administrator if this is a mistake.</source>
        <translation>管理员已在全支行停用您的账户，您已被退出登录。尚未保存的修改未被保留。如有误，请联系管理员。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{0} on case {1} was refused: {2}.</source>
        <translation>{0}（案件 {1}）被拒绝：{2}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The branch server refused a change</source>
        <translation>支行服务器拒绝了一项改动</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This case has changes that are not saved. Discard them?</source>
        <translation>此案件有尚未保存的修改。要放弃这些修改吗？</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>LoanDesk {0}
A workstation for bank branch loan officers.</source>
        <translation>LoanDesk {0}
银行网点信贷员工作站。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>About LoanDesk</source>
        <translation>关于 LoanDesk</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Cases: {0}</source>
        <translation>案件：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cases: {0} of {1}</source>
        <translation>案件：{0} / {1}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>LoanDesk</source>
        <translation>LoanDesk 信贷工作站</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DEMO — {0} (made-up data)</source>
        <translation>DEMO — {0}（演示数据，均为虚构）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DEMO</source>
        <translation>DEMO 演示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A demo profile: its people and cases are made up. Try anything here; real work goes in a real profile.</source>
        <translation>演示档案：其中的人员和案件均为虚构。可在此随意尝试；正式业务请使用正式档案。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New case</source>
        <translation>新建案件(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print a &amp;product sheet…</source>
        <translation>打印产品说明(&amp;P)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Undo the last change to a field</source>
        <translation>撤销对字段的最近一次修改(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Se&amp;ttings</source>
        <translation>设置(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Colours</source>
        <translation>配色(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>As the &amp;desktop has them</source>
        <translation>跟随桌面(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;ark</source>
        <translation>深色(&amp;A)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Scan folder…</source>
        <translation>扫描文件夹(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About LoanDesk</source>
        <translation>关于 LoanDesk(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Guide to this screen</source>
        <translation>本页指南(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>G&amp;lossary</source>
        <translation>术语表(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Lock screen</source>
        <translation>锁定屏幕(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ync now</source>
        <translation>立即同步(&amp;Y)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Signed in: {0} ({1}) · {2}</source>
        <translation>当前登录：{0}（{1}）· {2}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your role ({0}) does not include working with cases, so none are shown here.

What your role allows is in the Administration menu.</source>
        <translation>您的角色（{0}）不涉及案件办理，因此此处不显示案件。

您的角色可使用的功能位于“管理”菜单中。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="+47"/>
        <source>No system keyring is available on this machine. Give the key explicitly: set LOANDESK_KEY to the profile&apos;s key as 64 hex digits, or set LOANDESK_KEY_FILE (or pass --key-file) to a file that holds it, readable by you alone (chmod 600).</source>
        <extracomment>Refusals about the session itself: the screen locked, or nobody signed in. They are not shown in a box; the window that holds the session handles them.</extracomment>
        <translation>本机没有可用的系统密钥环。请明确提供密钥：将 LOANDESK_KEY 设为此配置文件的密钥（64 位十六进制数字），或将 LOANDESK_KEY_FILE（或 --key-file 参数）指向保存该密钥的文件，且该文件仅限您本人读取（chmod 600）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The system keyring holds no key for this profile. Give the key explicitly with LOANDESK_KEY or a key file (LOANDESK_KEY_FILE, --key-file).</source>
        <translation>系统密钥环中没有此配置文件的密钥。请用 LOANDESK_KEY 或密钥文件（LOANDESK_KEY_FILE、--key-file）明确提供密钥。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The key does not open this profile&apos;s database. Check that you gave the key of this profile (LOANDESK_KEY, the key file, or the system keyring); the file itself is unchanged.</source>
        <translation>此密钥无法打开该配置文件的数据库。请确认提供的是此配置文件的密钥（LOANDESK_KEY、密钥文件或系统密钥环）；数据库文件本身未被改动。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The case was changed elsewhere since you opened it; reload it.</source>
        <translation>您打开此案件后，它已在别处被修改；请重新载入。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This profile was made by a newer LoanDesk; update LoanDesk to open it.</source>
        <translation>此配置文件由更新版本的 LoanDesk 创建；请升级 LoanDesk 后再打开。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The screen is locked; enter your password to go on.</source>
        <translation>屏幕已锁定，请输入密码后继续。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nobody is signed in; sign in first.</source>
        <translation>当前无人登录，请先登录。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This account is switched off. Ask an administrator.</source>
        <translation>此账户已停用，请联系管理员。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This account has no password yet; an administrator must set one.</source>
        <translation>此账户尚未设置密码，需由管理员设置。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your signing key cannot be opened; an administrator must set a new password for you.</source>
        <translation>无法打开您的签名密钥，需由管理员为您重新设置密码。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The user name or the password is not right.</source>
        <translation>用户名或密码不正确。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The password is not right.</source>
        <translation>密码不正确。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} more failed attempt(s) will lock the account.</source>
        <translation>再失败 {0} 次，账户将被锁定。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>This account is locked after too many failed attempts, until {0}. An administrator can unlock it sooner.</source>
        <translation>登录失败次数过多，此账户已锁定至 {0}。管理员可提前解锁。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The password is too short: it needs at least 8 characters.</source>
        <translation>密码太短：至少需要 8 个字符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This password is on the list of commonly used passwords; choose another.</source>
        <translation>此密码属于常用密码，请另选一个。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The password contains the user&apos;s name; choose one without it.</source>
        <translation>密码中含有用户名或姓名，请另选一个。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The password is longer than 1024 characters; choose a shorter one.</source>
        <translation>密码超过 1024 个字符，请改用较短的密码。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Your role ({0}) does not allow this.</source>
        <translation>您的角色（{0}）无权执行此操作。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your roles ({0}) do not allow this.</source>
        <translation>您的角色（{0}）均无权执行此操作。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>LoanDesk</source>
        <translation>LoanDesk</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Code: {0}</source>
        <translation>代码：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When: {0}</source>
        <translation>时间：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>LoanDesk version: {0}</source>
        <translation>LoanDesk 版本：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In English: {0}</source>
        <translation>英文原文：{0}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>An unexpected error happened; this is a fault in LoanDesk, not something you did. What you were doing may not have finished. The details are in the application log.</source>
        <translation>发生了意外错误。这是 LoanDesk 的故障，并非您的操作有误。刚才的操作可能没有完成。详细信息已写入应用程序日志。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../../ui/modelpage.py" line="+175"/>
        <source>Folder of the trained, signed model</source>
        <translation>已训练并签名的模型所在文件夹</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Now in use: {0}.</source>
        <translation>现已启用：{0}。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Champion</source>
        <translation>主模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Challenger</source>
        <translation>挑战者模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;{0}&lt;/b&gt;: {1} ({2}), trained {3} on {4} loans; test AUC {5}, Gini {6}, KS {7}, Brier {8}; signed by key {9}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;：{1}（{2}），{3} 以 {4} 笔贷款训练；测试集 AUC {5}，Gini {6}，KS {7}，Brier {8}；签名密钥 {9}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Installed for this branch.</source>
        <translation>本网点安装的模型。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The starter models that come with LoanDesk.</source>
        <translation>LoanDesk 自带的初始模型。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>This model came without a model card.</source>
        <translation>此模型未附带模型说明。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{0} cases scored by {1} on this workstation, against its training loans.</source>
        <translation>本工作站由 {1} 评分的 {0} 个案件，与其训练贷款对比。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fewer than {0} cases: the figures are not yet reliable.</source>
        <translation>少于 {0} 个案件：数据尚不可靠。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Risk models</source>
        <translation>风险模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install models…</source>
        <translation>安装模型…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Performance</source>
        <translation>模型表现</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fairness</source>
        <translation>公平性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drift</source>
        <translation>漂移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model card</source>
        <translation>模型说明</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>good loans declined</source>
        <translation>被拒的正常贷款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bad loans caught</source>
        <translation>识别出的不良贷款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>predicted default rate</source>
        <translation>预测违约率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>observed default rate</source>
        <translation>实际违约率</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Group</source>
        <translation>群组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loans</source>
        <translation>贷款数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>批准率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adverse-impact ratio</source>
        <translation>不利影响比率</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Score or feature</source>
        <translation>评分或特征</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PSI</source>
        <translation>PSI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Band</source>
        <translation>区间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cases</source>
        <translation>案件数</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>champion</source>
        <translation>主模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>challenger</source>
        <translation>挑战者模型</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="+262"/>
        <source>stable</source>
        <translation>稳定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>watch</source>
        <translation>关注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>act</source>
        <translation>需处理</translation>
    </message>
</context>
<context>
    <name>Money</name>
    <message>
        <location line="-121"/>
        <source>CNY</source>
        <comment>after an amount in yuan</comment>
        <translation>元</translation>
    </message>
</context>
<context>
    <name>MyAccount</name>
    <message>
        <location filename="../../ui/account.py" line="+97"/>
        <source>Enter your current password.</source>
        <translation>请输入当前密码。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Your password is changed. Use the new one from now on.</source>
        <translation>密码已修改，今后请使用新密码。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>My account</source>
        <translation>我的账户</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>User name: {0}</source>
        <translation>用户名：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your roles:</source>
        <translation>您的角色：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An administrator set your password. Choose your own now; only you should know it.</source>
        <translation>您当前的密码由管理员设置。请立即设置个人密码，且仅限本人知晓。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Change your password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
</context>
<context>
    <name>Offer</name>
    <message>
        <location filename="../../ui/offers.py" line="+40"/>
        <source>Equal instalments</source>
        <extracomment>the rows of the comparison, top to bottom</extracomment>
        <translation>等额本息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Equal principal</source>
        <translation>等额本金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interest only</source>
        <translation>按期付息</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Fill in the product, the amount and the term to see the offer.</source>
        <translation>填写产品、金额和期限后即可查看贷款方案。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The product lends {0} to {1} CNY: change the amount to see the offer.</source>
        <translation>该产品额度为 {0} 至 {1} 元：请调整金额后查看贷款方案。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The product lends over {0} to {1} months: change the term to see the offer.</source>
        <translation>该产品期限为 {0} 至 {1} 个月：请调整期限后查看贷款方案。</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>{0}: {1} over {2} months at {3} % a year; arrangement fee {4}. The methods the product offers, side by side:</source>
        <translation>{0}：{1}，期限 {2} 个月，年利率 {3}%；手续费 {4}。本产品各还款方式对比如下：</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Enter the monthly income to see the largest affordable amount.</source>
        <translation>填写月收入后即可查看可负担的最高金额。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Largest affordable amount over {0} months in equal instalments, with all debt payments within {1} of income: {2}.</source>
        <translation>按等额本息、期限 {0} 个月、全部还债支出不超过收入的 {1} 计算，可负担的最高金额为：{2}。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>The repayment methods side by side</source>
        <translation>各还款方式对比</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The repayment schedule</source>
        <translation>还款计划</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>First instalment</source>
        <translation>首期还款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest instalment</source>
        <translation>最高一期还款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last instalment</source>
        <translation>末期还款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total interest</source>
        <translation>利息合计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrangement fee</source>
        <translation>手续费</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total cost: interest and fee</source>
        <translation>总成本：利息及手续费</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Total of the instalments</source>
        <translation>各期还款合计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>APR</source>
        <translation>年化利率（APR）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Schedule for</source>
        <translation>还款计划：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Month</source>
        <translation>期数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment (CNY)</source>
        <translation>还款额（元）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Principal</source>
        <translation>本金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interest</source>
        <translation>利息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balance after</source>
        <translation>剩余本金</translation>
    </message>
</context>
<context>
    <name>Override</name>
    <message>
        <location filename="../../ui/override.py" line="+76"/>
        <source>Write why, in at least {0} characters.</source>
        <extracomment>as DecisionService.override_grade asks</extracomment>
        <translation>请写明理由，至少 {0} 个字符。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Override the risk grade</source>
        <translation>调整风险等级</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The model graded this case {0}. An override changes the grade the policy rules and the route read; the approval still needs authority for the worse of the two grades. It is kept with the case and listed in the overrides report.</source>
        <translation>模型将此案件评为 {0} 级。调整后，政策规则和审批路径按调整后的等级判断；但审批仍须具备两个等级中较差者的审批权限。调整记录随案件保存，并列入风险等级调整报告。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New grade</source>
        <translation>新等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. Ten years&apos; salary account with us, no arrears; collateral held.</source>
        <translation>例如：在本行代发工资十年，无逾期；已有抵押物。</translation>
    </message>
</context>
<context>
    <name>Overrides</name>
    <message>
        <location filename="../../ui/overrides.py" line="+85"/>
        <source>{0} overrides: {1} graded the applicant better than the model, {2} worse. Double-click a row to open its case.</source>
        <translation>共 {0} 次调整：{1} 次评级优于模型，{2} 次差于模型。双击一行可打开该案件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No risk grade has been overridden.</source>
        <translation>尚无风险等级调整。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>better</source>
        <translation>调优</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>worse</source>
        <translation>调差</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Risk grade overrides</source>
        <translation>风险等级调整</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status now</source>
        <translation>当前状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>调整人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>PasswordPrompt</name>
    <message>
        <location filename="../../ui/passwords.py" line="+189"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your password</source>
        <translation>本人密码</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>Passwords</name>
    <message>
        <location filename="../../ui/accounttexts.py" line="-70"/>
        <source>Too short: a password needs at least 8 characters.</source>
        <translation>太短：密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This password is on the list of commonly used passwords; choose another.</source>
        <translation>此密码属于常用密码，请另选一个。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The password contains the user&apos;s name; choose one without it.</source>
        <translation>密码中含有用户名或姓名，请另选一个。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Too long: a password may have at most 1024 characters.</source>
        <translation>太长：密码最多 1024 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/passwords.py" line="-99"/>
        <source>Acceptable, but 12 or more characters would be stronger.</source>
        <extracomment>A backup passphrase: 12 characters at least, and other words.</extracomment>
        <translation>可以使用，但 12 个或以上字符会更安全。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>At least 12 characters; a phrase of several words is best.</source>
        <translation>至少 12 个字符；最好使用由多个词组成的短语。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Too short: a backup passphrase needs at least 12 characters.</source>
        <translation>太短：备份口令至少需要 12 个字符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type the passphrase again to confirm it.</source>
        <translation>请再次输入口令以确认。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Good: the passphrase meets the policy.</source>
        <translation>符合要求：口令满足安全策略。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Passphrase</source>
        <translation>备份口令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passphrase again</source>
        <translation>确认口令</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>At least 8 characters; 12 or more is better. A phrase is fine.</source>
        <translation>至少 8 个字符，建议 12 个以上；也可使用短语。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Type the new password again to confirm it.</source>
        <translation>请再次输入新密码以确认。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Good: the password meets the policy.</source>
        <translation>符合要求：密码满足安全策略。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password again</source>
        <translation>确认新密码</translation>
    </message>
</context>
<context>
    <name>Policy</name>
    <message>
        <location filename="../../ui/policyform.py" line="+68"/>
        <source>Lock the screen after idle</source>
        <extracomment>The policy&apos;s settings by group, in the order the form shows them.</extracomment>
        <translation>闲置自动锁屏时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed sign-ins before an account locks</source>
        <translation>账户锁定前允许的登录失败次数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A locked account stays locked</source>
        <translation>账户锁定时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time zone of the branch</source>
        <translation>网点所在时区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Working day starts</source>
        <translation>上班时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Working day ends</source>
        <translation>下班时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert at this many failed sign-ins for one name</source>
        <translation>同一用户名登录失败告警阈值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>…counted over</source>
        <translation>…统计时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert when one user reveals more than</source>
        <translation>单个用户显示完整号码告警阈值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alert when one user exports or prints more than</source>
        <translation>单个用户导出或打印告警阈值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reveals and exports are counted over</source>
        <translation>显示号码与导出的统计时长</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Daily backup</source>
        <translation>每日备份</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Daily backups kept</source>
        <translation>每日备份保留份数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder for daily backups</source>
        <translation>每日备份文件夹</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Screen lock and account lockout</source>
        <translation>屏幕锁定与账户锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Working hours (for alerts)</source>
        <translation>工作时间（用于告警）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alert thresholds</source>
        <translation>告警阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Daily automatic backup</source>
        <translation>每日自动备份</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> minutes</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> numbers</source>
        <translation> 个号码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> times</source>
        <translation> 次</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Nothing was changed.</source>
        <translation>没有任何修改。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Confirm the new settings</source>
        <translation>确认新设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change {0} setting(s) of the security policy: enter your own password to confirm.</source>
        <translation>修改安全策略中的 {0} 项设置：请输入本人密码确认。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Saved. The new settings apply from now on.</source>
        <translation>已保存，新设置立即生效。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Make one every day</source>
        <translation>每天自动备份一次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>empty: the backups folder of the profile</source>
        <translation>留空：使用配置文件的备份文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save settings…</source>
        <translation>保存设置…</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../ui/printing.py" line="+45"/>
        <source>Offer and repayment schedule</source>
        <extracomment>each language named in itself, as the Settings menu names them</extracomment>
        <translation>贷款要约及还款计划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approval letter</source>
        <translation>批准通知书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decline notice</source>
        <translation>拒绝通知书</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Credit memo (internal)</source>
        <translation>授信审查报告（内部）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Equal instalments</source>
        <translation>等额本息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Equal principal</source>
        <translation>等额本金</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interest only (principal at the end)</source>
        <translation>按期付息、到期还本</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>An approval letter is printed only for an approved case.</source>
        <translation>只有已批准的案件才能打印批准通知书。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A decline notice is printed only for a declined case.</source>
        <translation>只有已拒绝的案件才能打印拒绝通知书。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A declined or withdrawn case gets no offer.</source>
        <translation>已拒绝或已撤回的案件没有贷款要约。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The amount or the term is outside what the product lends.</source>
        <translation>金额或期限超出了产品的范围。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fill in the case&apos;s product, amount and term first.</source>
        <translation>请先填写案件的产品、金额和期限。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>That is a folder; choose a file name.</source>
        <translation>这是一个文件夹，请选择文件名。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The folder chosen does not exist.</source>
        <translation>所选文件夹不存在。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You may not write a file there; choose another place.</source>
        <translation>您不能在该处写入文件，请换一个位置。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The document was printed but the file could not be written.</source>
        <translation>文件已生成打印记录，但无法写入文件。</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Enter your password to print.</source>
        <extracomment>(path) the PDF was written there</extracomment>
        <translation>请输入密码以打印。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+124"/>
        <source>Save the PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <location line="-121"/>
        <location line="+124"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="-81"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Print a document of case {0}.</source>
        <translation>打印案件 {0} 的文件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Document</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+113"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="-112"/>
        <source>Repayment method</source>
        <translation>还款方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each print is recorded in the audit log with your name. The PDF is written only where you save it.</source>
        <translation>每次打印都会以您的名字记入审计日志。PDF 只写入您选择保存的位置。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+104"/>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Product sheet</source>
        <translation>产品说明</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A sheet for applicants: what to bring, the amounts and terms, and how each repayment method works, with a worked example.</source>
        <translation>给申请人的说明：需携带的材料、额度和期限，以及各还款方式如何计算，附计算示例。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Product</source>
        <translation>产品</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <location filename="../../ui/texts.py" line="-26"/>
        <source>Enter a whole number from {0} to {1}.</source>
        <translation>请输入 {0} 到 {1} 之间的整数。</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>At most {0} characters.</source>
        <translation>最多 {0} 个字符。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contains control characters; type the text again.</source>
        <translation>含有控制字符，请重新输入。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This field is required.</source>
        <translation>此字段为必填项。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text is expected.</source>
        <translation>此处应为文本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An ID number has 17 digits and a final digit or X.</source>
        <translation>身份证号码由 17 位数字加最后一位数字或 X 组成。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The first two digits are not a province code.</source>
        <translation>前两位不是有效的省级行政区代码。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The birth date inside the ID number is not valid.</source>
        <translation>身份证号码中的出生日期无效。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The check digit does not match; a digit was mistyped.</source>
        <translation>校验码不符，可能有数字输错。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use an 11-digit mobile number, a landline with its area code, or + and a country code.</source>
        <translation>请填写 11 位手机号码、带区号的固定电话，或以 + 加国家代码开头的号码。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write the date as YYYY-MM-DD.</source>
        <translation>日期格式应为 YYYY-MM-DD（年-月-日）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The date is before 1900.</source>
        <translation>日期早于 1900 年。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The date is in the future.</source>
        <translation>日期不能晚于今天。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not a valid amount: write digits with at most two decimals.</source>
        <translation>金额无效：请输入数字，最多两位小数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The amount must be more than zero.</source>
        <translation>金额必须大于零。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The amount cannot be negative.</source>
        <translation>金额不能为负数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A whole number is expected.</source>
        <translation>此处应为整数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose one from the list.</source>
        <translation>请从列表中选择。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The date of birth does not match the ID number.</source>
        <translation>出生日期与身份证号码不符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No such field.</source>
        <translation>没有此字段。</translation>
    </message>
</context>
<context>
    <name>Products</name>
    <message>
        <location line="-78"/>
        <source>Personal loan</source>
        <translation>个人贷款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Small business loan</source>
        <translation>小微企业贷款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Secured loan</source>
        <translation>抵押贷款</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <location filename="../../ui/profiledialog.py" line="+144"/>
        <source>User name: 2 to 32 characters, lower-case letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter.</source>
        <translation>用户名：2 到 32 个字符，只能包含小写字母、数字、“.”、“_”或“-”，并以字母开头。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Display name: 1 to 100 characters.</source>
        <translation>显示名称：1 到 100 个字符。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the system keyring</source>
        <translation>系统密钥环</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+18"/>
        <source>Create profile</source>
        <translation>创建配置文件</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>There is no LoanDesk profile in {0} yet. Create it now: its first user is the administrator, who signs in with the password chosen here. The database key is kept in {1}.</source>
        <translation>{0} 中还没有 LoanDesk 配置文件。现在创建：第一个用户即为管理员，使用此处设置的密码登录。数据库密钥保存在{1}中。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Administrator user name</source>
        <translation>管理员用户名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. Branch Admin</source>
        <translation>例如：网点管理员</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <location filename="../../ui/texts.py" line="+233"/>
        <source>it was made by someone the branch does not know</source>
        <translation>操作人不是本支行已知的用户</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{who} is switched off in the branch</source>
        <translation>{who} 已在本支行停用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{who} may not do this ({what})</source>
        <translation>{who} 无权执行此操作（{what}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it does not fit the case ({why})</source>
        <translation>与案件当前情况不符（{why}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the branch already has a user named {name}</source>
        <translation>本支行已有名为 {name} 的用户</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the branch already has the user {id}</source>
        <translation>本支行已有用户 {id}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it changes a user the branch does not know ({id})</source>
        <translation>所修改的用户不是本支行已知的用户（{id}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>only the user or an administrator sets a password</source>
        <translation>只有用户本人或管理员可以设置密码</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>whoever submitted or changed a case cannot decide it</source>
        <translation>提交或修改过案件的人不能对其作出决定</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>it is signed as tier {signed}, and its author signs as {tier}</source>
        <translation>签署层级为 {signed}，而签署人的层级为 {tier}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the case has no current risk grade or no amount to approve</source>
        <translation>案件没有有效的风险等级或没有可批准的金额</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the branch&apos;s authority matrix has no place for it ({why})</source>
        <translation>支行的审批权限矩阵中没有对应的权限（{why}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>it is beyond its author&apos;s authority ({why})</source>
        <translation>超出签署人的审批权限（{why}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it says it completes the approval, and the authority matrix says another signature must follow</source>
        <translation>签署声明审批已完成，但审批权限矩阵要求还需另一人签署</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>it says another signature must follow, and the authority matrix says it completes</source>
        <translation>签署声明还需另一人签署，但审批权限矩阵认定此签署即完成审批</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the case had moved on: {why}</source>
        <translation>案件状态已变化：{why}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the case changed since this decision was signed: someone&apos;s later change reached the server first, so the supervisor must look at the case again and sign anew</source>
        <translation>签署后案件已被修改：他人的后续修改先到达服务器，主管须重新查看案件并再次签署</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>it is not signed with the key the branch holds for its author</source>
        <translation>签名所用密钥与支行登记的签署人密钥不符</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>its signature does not verify</source>
        <translation>签名验证未通过</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the case already holds this approval in this round: a second signature comes from another person, after the first</source>
        <translation>本轮审批中该审批位置已有签署：第二个签名须由另一人在第一个签名之后作出</translation>
    </message>
</context>
<context>
    <name>RemoveDocument</name>
    <message>
        <location filename="../../ui/removedoc.py" line="+41"/>
        <source>Remove document</source>
        <translation>移除材料</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take {0} off this case? Its file stays in the case&apos;s record; the checklist and the cross-checks stop counting it.</source>
        <translation>将 {0} 从本案件移除？文件仍保留在案件记录中；材料清单和交叉核验将不再计入它。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Why (for example: another applicant&apos;s)</source>
        <translation>原因（例如：属于其他申请人）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>Reveal</name>
    <message>
        <location filename="../../ui/reveal.py" line="+37"/>
        <source>Reveal: {0}</source>
        <translation>显示完整号码：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter your password to see the whole number. Each reveal is recorded in the audit log with your name.</source>
        <translation>请输入密码以显示完整号码。每次显示都将以您的名义记入审计日志。</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../../ui/review.py" line="-232"/>
        <source>Page {0} of {1}</source>
        <translation>第 {0} 页，共 {1} 页</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fit page</source>
        <translation>适合页面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom in (+, Ctrl+wheel)</source>
        <translation>放大（+，Ctrl+滚轮）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom out (−, Ctrl+wheel)</source>
        <translation>缩小（−，Ctrl+滚轮）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location line="+208"/>
        <source>Not confirmed: {0} field(s) need attention.</source>
        <extracomment>(index) a page is on show (document_id) the document is loaded (again) (confirmed: bool) a confirm finished, recorded or refused</extracomment>
        <translation>未确认：有 {0} 个字段需要处理。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>✓ Confirmed by {0} on {1}</source>
        <translation>✓ 已由 {0} 于 {1} 确认</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>✓ Confirmed by {0}</source>
        <translation>✓ 已由 {0} 确认</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Review: {0}</source>
        <translation>核对：{0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Confirm fields</source>
        <translation>确认字段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Risk</name>
    <message>
        <location filename="../../ui/risk.py" line="+55"/>
        <source>Income 10 % lower</source>
        <extracomment>grade colours, A (best) to E, dark enough for white letters the what-if amount slider runs over this share of the requested amount, in per cent</extracomment>
        <translation>收入减少 10%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Income 20 % lower</source>
        <translation>收入减少 20%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Income 30 % lower</source>
        <translation>收入减少 30%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rate 2 points higher</source>
        <translation>利率上升 2 个百分点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rate 4 points higher</source>
        <translation>利率上升 4 个百分点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expenses 20 % higher</source>
        <translation>支出增加 20%</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Risk grade scale</source>
        <translation>风险等级刻度</translation>
    </message>
    <message>
        <location line="+228"/>
        <source>No score yet</source>
        <extracomment>a case waits to be scored until the tab is shown</extracomment>
        <translation>尚无评分</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Grade {0}</source>
        <translation>等级 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grade {0} · probability of default {1} · score {2}</source>
        <translation>等级 {0} · 违约概率 {1} · 评分 {2}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Model {0}, version {1}. Scored live from the saved application.</source>
        <translation>模型 {0}，版本 {1}。按已保存的申请实时评分。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Challenger model: grade {0}, probability of default {1}, score {2}</source>
        <translation>挑战者模型：等级 {0}，违约概率 {1}，评分 {2}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Nothing in the application weighs much against it.</source>
        <translation>申请中没有明显不利的因素。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} points below typical</source>
        <translation>比典型情况低 {0} 分</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Main reasons</source>
        <translation>主要原因</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Scored without {0}: the model assumed values for them. Fill them in and save.</source>
        <translation>评分时缺少{0}：模型为其假定了数值。请填写并保存。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Not recorded yet: Record score keeps it in the case&apos;s history.</source>
        <translation>尚未记录：点击“记录评分”将其存入案件历史。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Recorded: grade {0}, probability of default {1}, by {2} at {3}.</source>
        <translation>已记录：等级 {0}，违约概率 {1}，由 {2} 于 {3} 记录。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The application changed since: record the score again.</source>
        <translation>此后申请已更改：请重新记录评分。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0} months</source>
        <translation>{0} 个月</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} %</source>
        <translation>{0}%</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the amount requested to try other amounts.</source>
        <translation>填写申请金额后可试算其他金额。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Stress scenarios</source>
        <translation>压力测试情景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record score</source>
        <translation>记录评分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep what both models say of the saved application in the case&apos;s history</source>
        <translation>将两个模型对已保存申请的评分存入案件历史</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What if</source>
        <translation>假设分析</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stress</source>
        <translation>压力测试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What-if amount</source>
        <translation>假设金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What-if term in months</source>
        <translation>假设期限（月）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Default probability</source>
        <translation>违约概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change (percentage points)</source>
        <translation>变化（百分点）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{0} percentage points</source>
        <translation>{0} 个百分点</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Grade {0}, probability of default {1} ({2} against now)</source>
        <translation>等级 {0}，违约概率 {1}（较当前 {2}）</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../ui/texts.py" line="-380"/>
        <source>Loan officer</source>
        <translation>信贷员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Risk analyst</source>
        <translation>风险分析师</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auditor</source>
        <translation>审计员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Supervisor (first tier)</source>
        <translation>主管（第一层级）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Branch manager (second tier)</source>
        <translation>支行行长（第二层级）</translation>
    </message>
    <message>
        <location filename="../../ui/accounttexts.py" line="-30"/>
        <source>opens cases, scans documents and submits them</source>
        <translation>新建案件、扫描资料并提交</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>reviews cases and decides them within their approval limits</source>
        <translation>审查案件，并在审批权限内作出审批决定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>trains, checks and publishes the risk models</source>
        <translation>训练、检验并发布风险模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>reads cases and the audit log; changes nothing</source>
        <translation>查阅案件和审计日志，不作任何修改</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>manages users, backups and settings; works on no case</source>
        <translation>管理用户、备份和设置，不经办案件</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="-9"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>Rules</name>
    <message>
        <location filename="../../ui/decision.py" line="-460"/>
        <source>Age at the last instalment {0}; at most {1}.</source>
        <translation>最后一期还款时年龄 {0} 岁；上限 {1} 岁。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All documents are within their validity.</source>
        <translation>所有材料均在有效期内。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount {0} CNY; the product lends {1} to {2}.</source>
        <translation>金额 {0} 元；产品额度为 {1} 至 {2} 元。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arrears on file: {0}.</source>
        <translation>有无逾期记录：{0}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Debt payments with this loan {0} CNY a month, {1} of income; at most {2}.</source>
        <translation>含本笔贷款每月还债 {0} 元，占收入 {1}；上限 {2}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Income, amount or term is missing for the debt-to-income ratio.</source>
        <translation>缺少收入、金额或期限，无法计算负债收入比。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loan to value {0}; at most {1}.</source>
        <translation>贷款价值比 {0}；上限 {1}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monthly income {0} CNY; at least {1}.</source>
        <translation>月收入 {0} 元；最低 {1} 元。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Term {0} months; the product allows {1} to {2}.</source>
        <translation>期限 {0} 个月；产品允许 {1} 至 {2} 个月。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The ID number is not valid: {0}.</source>
        <translation>身份证号码无效：{0}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The ID number passes its check digit.</source>
        <translation>身份证号码校验位正确。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The amount requested is missing.</source>
        <translation>缺少申请金额。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The date of birth is missing.</source>
        <translation>缺少出生日期。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The monthly income is missing.</source>
        <translation>缺少月收入。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The price of what the loan buys is missing.</source>
        <translation>缺少所购物品的价格。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The resident ID number is missing.</source>
        <translation>缺少居民身份证号码。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The term is missing.</source>
        <translation>缺少期限。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whether there are arrears on file is not recorded.</source>
        <translation>未记录有无逾期。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} document(s) too old or expired.</source>
        <translation>{0} 份材料过旧或已过期。</translation>
    </message>
</context>
<context>
    <name>ScanFolder</name>
    <message>
        <location filename="../../ui/scanfolder.py" line="+89"/>
        <source>{0} from the scan folder was not taken in: {1} It is left there as {2}.</source>
        <extracomment>(result: FolderImport) one look into the folder took files in, or refused some (error: UserError) the folder could not be looked into</extracomment>
        <translation>扫描文件夹中的 {0} 未被接收：{1} 该文件已留在原处，改名为 {2}。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>That folder does not exist.</source>
        <translation>该文件夹不存在。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>LoanDesk may not delete files in that folder; choose one your account may change.</source>
        <translation>LoanDesk 无权删除该文件夹中的文件，请选择您的账户可以修改的文件夹。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Choose the scan folder</source>
        <extracomment>(path: str | None) the setting was saved</extracomment>
        <translation>选择扫描文件夹</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Watched folder: {0}</source>
        <translation>正在监视的文件夹：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No folder is watched.</source>
        <translation>未监视任何文件夹。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Scan folder</source>
        <translation>扫描文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Files your scanner saves in this folder are attached to the case open on screen, then deleted from the folder. Files that cannot be taken in stay there, renamed to end in .refused. Nothing is taken while no case is open.</source>
        <translation>扫描仪保存到此文件夹的文件会添加到屏幕上当前打开的案件，随后从该文件夹中删除。无法接收的文件会留在原处，文件名后加上 .refused。没有打开案件时，不会接收任何文件。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop watching</source>
        <translation>停止监视</translation>
    </message>
</context>
<context>
    <name>SessionFlow</name>
    <message>
        <location filename="../../ui/session.py" line="+156"/>
        <source>Daily backup made: {0}</source>
        <extracomment>What the desk needs, loaded while the user types (the sign-in screen is up). the profile could not be opened (UserError); the flow has ended</extracomment>
        <translation>已完成每日备份：{0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The daily backup could not be made: {0}</source>
        <translation>每日备份未能完成：{0}</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <location filename="../../ui/signin.py" line="+188"/>
        <source>Enter your user name and your password.</source>
        <extracomment>the profile should open now: the screen has painted once, or the user signs in before it did (the check waits for the opening on the write lane)</extracomment>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Sign in to LoanDesk</source>
        <translation>登录 LoanDesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LoanDesk</source>
        <translation>LoanDesk 信贷工作站</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in with your own user name and password.</source>
        <translation>请使用本人的用户名和密码登录。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caps Lock is on.</source>
        <translation>大写锁定已开启。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>Statuses</name>
    <message>
        <location filename="../../ui/texts.py" line="+55"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Declined</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
</context>
<context>
    <name>SyncLabel</name>
    <message>
        <location filename="../../ui/syncer.py" line="+282"/>
        <source>1 case in conflict</source>
        <extracomment>the server did not answer: the work waits here and the next try backs off how often the &quot;next try in&quot; count is redrawn while offline no round has ended yet since the window opened the server could not be reached the server answered and refused, or what it sent did not check out (SyncReport) a round ended well (SyncStatus) what the workstation holds, read after a round or when asked; while offline it comes again every second, for the line to count down to the next try (str) the server refused, in the sentence for the user; a repeat is not told again the wait last scheduled, in seconds rounds are scheduled (started, enrolled, not stopped) the user clicked the line while cases are in conflict</extracomment>
        <translation>1 个案件存在冲突</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} cases in conflict</source>
        <translation>{0} 个案件存在冲突</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Working alone (no branch server)</source>
        <translation>单机工作（未连接支行服务器）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The branch server refused the last sync</source>
        <translation>支行服务器拒绝了上次同步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 change to send</source>
        <translation>1 项改动待上传</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} changes to send</source>
        <translation>{0} 项改动待上传</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All sent · last synced {0}</source>
        <translation>已全部上传 · 上次同步 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All sent to the branch server</source>
        <translation>已全部上传至支行服务器</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Offline: 1 change waits here</source>
        <translation>离线：1 项改动暂存本机</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline: {0} changes wait here</source>
        <translation>离线：{0} 项改动暂存本机</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>trying again now</source>
        <translation>正在重试</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>next try in {0} s</source>
        <translation>{0} 秒后重试</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>next try in {0} min</source>
        <translation>{0} 分钟后重试</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1 change waits here</source>
        <translation>1 项改动暂存本机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} changes wait here</source>
        <translation>{0} 项改动暂存本机</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This workstation keeps its work here. An administrator can enrol it with the branch server (loandesk sync enrol).</source>
        <translation>本工作站的工作保存在本机。管理员可将其注册到支行服务器（loandesk sync enrol）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Branch server {0}; last sent: {1}; last taken in: {2}</source>
        <translation>支行服务器 {0}；上次上传：{1}；上次接收：{2}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Click to see the cases in conflict.</source>
        <translation>点击查看存在冲突的案件。</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <location filename="../../ui/texts.py" line="+120"/>
        <source>{day} {month} {year} {time}</source>
        <comment>an event&apos;s local time; {month} is an English month, {month_number} its number</comment>
        <translation>{year}年{month_number}月{day}日 {time}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The branch&apos;s new risk models are in use.</source>
        <translation>支行发布的新风险模型已启用。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The branch&apos;s new risk models are not in use: {0}. Tell the branch&apos;s IT.</source>
        <translation>支行发布的新风险模型未启用：{0}。请告知支行 IT。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The branch&apos;s products, version {0}, are in force now.</source>
        <translation>支行发布的产品（版本 {0}）现已生效。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The branch&apos;s authority matrix, version {0}, is in force now.</source>
        <translation>支行发布的审批权限矩阵（版本 {0}）现已生效。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The branch&apos;s products, version {0}, are not in force here: {1}.</source>
        <translation>支行发布的产品（版本 {0}）未在本机生效：{1}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The branch&apos;s authority matrix, version {0}, is not in force here: {1}.</source>
        <translation>支行发布的审批权限矩阵（版本 {0}）未在本机生效：{1}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>it came damaged</source>
        <translation>传输中已损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it leaves out a product</source>
        <translation>缺少某个产品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its tiers are not the ones this version knows</source>
        <translation>其审批层级与本版本不一致</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>this version cannot read it</source>
        <translation>本版本无法读取</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>Your decision</source>
        <translation>您的决定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The submission</source>
        <translation>提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taking the case for review</source>
        <translation>接手审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A change to the applicant</source>
        <translation>对申请人信息的修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A change to the loan request</source>
        <translation>对贷款申请的修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The resolution of a conflict</source>
        <translation>冲突的解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A comment</source>
        <translation>一条备注</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A change</source>
        <translation>一项改动</translation>
    </message>
</context>
<context>
    <name>Users</name>
    <message>
        <location filename="../../ui/users.py" line="+57"/>
        <source>Switched off</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Locked until {0}</source>
        <translation>锁定至 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Must change at next sign-in</source>
        <translation>下次登录时须修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set by the user</source>
        <translation>已由本人设置</translation>
    </message>
    <message>
        <location filename="../../ui/usereditor.py" line="+122"/>
        <source>{0}: write an amount in CNY, at most two decimals, not negative.</source>
        <translation>{0}：请输入人民币金额，最多两位小数，且不能为负数。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Product</source>
        <translation>贷款产品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest amount (CNY)</source>
        <translation>最高金额（元）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worst grade</source>
        <translation>最低风险等级</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>empty: the limits of their tier</source>
        <translation>留空：沿用其层级的权限</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>Confirm the change</source>
        <translation>确认修改</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Add the user {0}: enter your own password to confirm.</source>
        <translation>新增用户 {0}：请输入本人密码确认。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save the changes to {0}: enter your own password to confirm.</source>
        <translation>保存对 {0} 的修改：请输入本人密码确认。</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Add a user</source>
        <translation>新增用户</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Change a user</source>
        <translation>修改用户</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../ui/users.py" line="+271"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. li.wei</source>
        <translation>例如：li.wei</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../ui/users.py" line="+1"/>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. Li Wei</source>
        <translation>例如：李伟</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../ui/users.py" line="+1"/>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Approval limits (supervisors)</source>
        <translation>审批权限（审批人）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signs as</source>
        <translation>签批身份</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Limits of this person&apos;s own: the largest amount and the worst risk grade they may approve alone, per product. Leave a product empty to keep the limits of their tier.</source>
        <translation>此人的个人权限：按产品设定其可单独批准的最高金额和最差风险等级。某产品留空则沿用其层级的权限。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>First password (they must change it at their first sign-in)</source>
        <translation>初始密码（用户首次登录时须修改）</translation>
    </message>
    <message>
        <location filename="../../ui/users.py" line="-236"/>
        <source>Confirm the new password</source>
        <translation>确认重置密码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set a new password for {0}: enter your own password to confirm.</source>
        <translation>为 {0} 设置新密码：请输入本人密码确认。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set a new password for {0} ({1}). Give it to them in person; they must change it at their next sign-in. Their signing key is replaced by a new one.</source>
        <translation>为 {0}（{1}）设置新密码。请当面告知本人；该用户下次登录时须修改密码。其签名密钥将更换为新密钥。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Set password</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Switch on</source>
        <extracomment>What was done, in words, after a change was saved.</extracomment>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Switch off</source>
        <translation>停用</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{0} is added. They must change the first password at their first sign-in.</source>
        <translation>已新增用户 {0}。该用户首次登录时须修改初始密码。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{0} is changed.</source>
        <translation>已修改用户 {0}。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0} has a new password.</source>
        <translation>已为 {0} 设置新密码。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Unlock an account</source>
        <translation>解锁账户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock the account of {0}: enter your own password to confirm.</source>
        <translation>解锁 {0} 的账户：请输入本人密码确认。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+16"/>
        <source>{0} can sign in again.</source>
        <translation>{0} 现在可以重新登录。</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Switch on the account of {0}: enter your own password to confirm.</source>
        <translation>启用 {0} 的账户：请输入本人密码确认。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Switch off the account of {0}? They can no longer sign in. Enter your own password to confirm.</source>
        <translation>停用 {0} 的账户？停用后该用户将无法登录。请输入本人密码确认。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} is switched off.</source>
        <translation>已停用 {0} 的账户。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add user…</source>
        <translation>新增用户…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>Values</name>
    <message>
        <location filename="../../ui/texts.py" line="-248"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
</TS>
