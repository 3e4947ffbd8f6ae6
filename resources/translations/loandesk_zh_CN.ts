<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CaseList</name>
    <message>
        <location filename="../../ui/caselist.py" line="+65"/>
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
        <location line="+301"/>
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
        <location filename="../../ui/caseview.py" line="+147"/>
        <source>Nothing to save: the form is empty.</source>
        <translation>没有可保存的内容：表单为空。</translation>
    </message>
    <message>
        <location line="+26"/>
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
        <location line="+2"/>
        <source>New case</source>
        <translation>新案件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Case {0} · {1}</source>
        <translation>案件 {0} · {1}</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <location filename="../../ui/fields.py" line="+220"/>
        <source>The pasted text has {0} characters; this field takes at most {1}. Nothing was pasted.</source>
        <translation>粘贴的文本有 {0} 个字符，此字段最多 {1} 个字符。未粘贴任何内容。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日（YYYY-MM-DD）</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="+22"/>
        <source>Full name</source>
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
    <name>History</name>
    <message>
        <location filename="../../ui/history.py" line="+23"/>
        <source>{0} from {1} to {2}</source>
        <translation>{0}：由 {1} 改为 {2}</translation>
    </message>
    <message>
        <location line="+9"/>
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
        <location line="+8"/>
        <source>opened case {0}</source>
        <translation>创建了案件 {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>commented: {0}</source>
        <translation>添加备注：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>recorded {0}</source>
        <translation>记录了 {0}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>unknown user</source>
        <translation>未知用户</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.py" line="+161"/>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This case has changes that are not saved. Discard them?</source>
        <translation>此案件有尚未保存的修改。要放弃这些修改吗？</translation>
    </message>
    <message>
        <location line="+25"/>
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
        <location line="+35"/>
        <source>Cases: {0}</source>
        <translation>案件：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cases: {0} of {1}</source>
        <translation>案件：{0} / {1}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>LoanDesk</source>
        <translation>LoanDesk 信贷工作站</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+1"/>
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
        <location line="+1"/>
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
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About LoanDesk</source>
        <translation>关于 LoanDesk(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User: {0}</source>
        <translation>用户：{0}</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/messages.py" line="+34"/>
        <source>No system keyring is available on this machine. Give the key explicitly: set LOANDESK_KEY to the profile&apos;s key as 64 hex digits, or set LOANDESK_KEY_FILE (or pass --key-file) to a file that holds it, readable by you alone (chmod 600).</source>
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
        <location line="+13"/>
        <source>LoanDesk</source>
        <translation>LoanDesk</translation>
    </message>
    <message>
        <location line="+7"/>
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
    <name>Problems</name>
    <message>
        <location filename="../../ui/texts.py" line="+59"/>
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
        <location line="-57"/>
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
        <location filename="../../ui/profiledialog.py" line="+120"/>
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
        <location line="+16"/>
        <source>Create profile</source>
        <translation>创建配置文件</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>There is no LoanDesk profile in {0} yet. Create it now: its first user is the administrator. The database key is kept in {1}.</source>
        <translation>{0} 中还没有 LoanDesk 配置文件。现在创建：第一个用户即为管理员。数据库密钥保存在{1}中。</translation>
    </message>
    <message>
        <location line="+7"/>
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
    <name>Statuses</name>
    <message>
        <location filename="../../ui/texts.py" line="+7"/>
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
    <name>Values</name>
    <message>
        <location line="+73"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
</TS>
