/*  nt_template - the texts notify sends, in zh-CN and en, and their rendering.
 *
 *  A template has a subject, a plain text body and a one-line short text (SMS, IM robots).
 *  Placeholders are {{name}}, or {{a|b}} for the first of several names that has a value (the
 *  workflow's names come first: employee_name, step_title_zh/en, due_date, findings,
 *  interview, outcome); a trailing "|" makes a placeholder optional (empty, not "-"). Each output
 * is escaped for where it goes: the subject and the short text get no CR/LF (control characters
 * become spaces), the HTML part is the text with every character HTML-escaped (variables included),
 * and JSON escaping of webhook bodies is jansson's job when the bodies are built. {{recipient}} is
 * filled by the caller with the recipient's name. Pure.
 */
#include "nt.h"

typedef struct {
    const char *id;         // template id
    const char *lang;       // "zh-CN" or "en"
    const char *subject;    // one line
    const char *text;       // body
    const char *short_text; // SMS / IM
} s_template_t;

// clang-format off
static const s_template_t s_templates[] = {
    {"step_assigned", "zh-CN",
     "[待办] 案件 {{case_id}}：{{step_title_zh|step}}",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）的步骤「{{step_title_zh|step}}」已分配给您，"
     "请在{{due_at_zh|due_at|due_date}}前完成。完成方式：{{command}}\n\n{{url|}}\n\n此邮件由系统自动发送，请勿直接回复。\n",
     "HR提醒：案件{{case_id}}的步骤「{{step_title_zh|step}}」已分配给您，请于{{due_at_zh|due_at|due_date}}前完成：{{command}}"},
    {"step_assigned", "en",
     "[To do] Case {{case_id}}: {{step_title_en|step}}",
     "Hello {{recipient}},\n\nThe step \"{{step_title_en|step}}\" of case {{case_id}} (employee: {{employee_name|employee}}) "
     "is now yours. Please complete it by {{due_at|due_date}} with: {{command}}\n\n{{url|}}\n\n"
     "This message was sent automatically; please do not reply.\n",
     "[HR] Case {{case_id}}: step \"{{step_title_en|step}}\" is yours, due {{due_at|due_date}}: {{command}}"},
    {"due_soon", "zh-CN",
     "[即将到期] 案件 {{case_id}}：{{step_title_zh|step}}",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）的步骤「{{step_title_zh|step}}」将于{{due_at_zh|due_at|due_date}}到期，"
     "请尽快处理。完成方式：{{command}}{{owner_left_zh|}}\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}的步骤「{{step_title_zh|step}}」将于{{due_at_zh|due_at|due_date}}到期，请尽快处理。"},
    {"due_soon", "en",
     "[Due soon] Case {{case_id}}: {{step_title_en|step}}",
     "Hello {{recipient}},\n\nThe step \"{{step_title_en|step}}\" of case {{case_id}} (employee: {{employee_name|employee}}) is due on {{due_at|due_date}}. "
     "Please complete it soon with: {{command}}{{owner_left_en|}}\n\n{{url|}}\n",
     "[HR] Case {{case_id}}: step \"{{step_title_en|step}}\" is due {{due_at|due_date}}."},
    // The escalation texts are one message to everyone a level reaches (to and cc): each reader
    // finds the level, whom it addressed and who is in copy, each with their role, and a line
    // saying what they are to do (the workflow's to_names, cc_names and actions).
    {"overdue_1", "zh-CN",
     "[已逾期] 案件 {{case_id}}：{{step_title_zh|step}}",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）的步骤「{{step_title_zh|step}}」已超过截止时间（{{due_at_zh|due_at|due_date}}），"
     "负责人：{{owner|owner_no}}。\n\n逾期提醒第 {{level}} 级。本级发送给：{{to_names_zh|owner|owner_no}}；抄送：{{cc_names_zh}}。{{owner_left_zh|}}\n\n"
     "请各位按以下分工处理：\n{{actions_zh|}}\n\n{{url|}}\n",
     "HR提醒（逾期第{{level}}级）：案件{{case_id}}的步骤「{{step_title_zh|step}}」已逾期（截止{{due_at_zh|due_at|due_date}}），负责人{{owner|owner_no}}。"
     "本级发送给{{to_names_zh|owner|owner_no}}，抄送{{cc_names_zh}}。各人需做的事见邮件。"},
    {"overdue_1", "en",
     "[Overdue] Case {{case_id}}: {{step_title_en|step}}",
     "Hello {{recipient}},\n\nThe step \"{{step_title_en|step}}\" of case {{case_id}} (employee: {{employee_name|employee}}) was due on {{due_at|due_date}} "
     "and is overdue. Owner: {{owner|owner_no}}.\n\nOverdue notice, level {{level}}. Addressed at this level: {{to_names_en|owner|owner_no}}; "
     "in copy: {{cc_names_en}}.{{owner_left_en|}}\n\nWhat each of you is asked to do:\n{{actions_en|}}\n\n"
     "{{url|}}\n",
     "[HR] Overdue, level {{level}}: case {{case_id}} step \"{{step_title_en|step}}\" overdue since {{due_at|due_date}} (owner {{owner|owner_no}}). "
     "To: {{to_names_en|owner|owner_no}}; cc: {{cc_names_en}}. See the email for what each of you is to do."},
    {"overdue_2", "zh-CN",
     "[逾期升级] 案件 {{case_id}}：{{step_title_zh|step}}",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）的步骤「{{step_title_zh|step}}」已超过截止时间（{{due_at_zh|due_at|due_date}}），"
     "此前的提醒后仍未处理。负责人：{{owner|owner_no}}。\n\n逾期升级第 {{level}} 级。本级发送给：{{to_names_zh}}；抄送：{{cc_names_zh}}。{{owner_left_zh|}}\n\n"
     "请各位按以下分工处理：\n{{actions_zh|}}\n\n{{url|}}\n",
     "HR提醒（逾期升级第{{level}}级）：案件{{case_id}}的步骤「{{step_title_zh|step}}」截止{{due_at_zh|due_at|due_date}}，逾期未办，负责人{{owner|owner_no}}。"
     "本级发送给{{to_names_zh}}，抄送{{cc_names_zh}}。各人需做的事见邮件。"},
    {"overdue_2", "en",
     "[Escalated] Case {{case_id}}: {{step_title_en|step}}",
     "Hello {{recipient}},\n\nThe step \"{{step_title_en|step}}\" of case {{case_id}} (employee: {{employee_name|employee}}) has been overdue since "
     "{{due_at|due_date}} and earlier reminders went unanswered. Owner: {{owner|owner_no}}.\n\nEscalation level {{level}}. Addressed at this level: "
     "{{to_names_en}}; in copy: {{cc_names_en}}.{{owner_left_en|}}\n\nWhat each of you is asked to do:\n{{actions_en|}}\n\n{{url|}}\n",
     "[HR] Escalated, level {{level}}: case {{case_id}} step \"{{step_title_en|step}}\" overdue since {{due_at|due_date}} "
     "(owner {{owner|owner_no}}). To: {{to_names_en}}; cc: {{cc_names_en}}. See the email for what each of you is to do."},
    {"case_returned", "zh-CN",
     "[退回] 案件 {{case_id}} 需要补充",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）已退回给您，原因如下："
     "\n\n{{reasons|findings}}\n\n请逐项按上述说明处理：需补充材料的，补充后在系统中重新提交；"
     "说明只能撤回的，请撤回后重新发起。{{url|}}\n",
     "HR提醒：案件{{case_id}}已退回：{{count}}项待补充，详见邮件或系统。"},
    {"case_returned", "en",
     "[Returned] Case {{case_id}} needs more",
     "Hello {{recipient}},\n\nCase {{case_id}} (employee: {{employee_name|employee}}) was returned to you "
     "for these reasons:\n\n{{reasons|findings}}\n\nPlease do what each point says: attach what it "
     "asks for and submit it again in the system, or, where it says the request can only be "
     "withdrawn, withdraw it and open a new one. {{url|}}\n",
     "[HR] Case {{case_id}} was returned to you: {{count}} point(s) to complete; see the email or the system."},
    {"case_blocked", "zh-CN",
     "[暂不能解除] 案件 {{case_id}}：法定保护情形",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）已退回至申请阶段。"
     "员工目前处于法定保护情形（《中华人民共和国劳动合同法》第四十二条），在保护期内不得以该理由解除劳动合同，"
     "补充任何材料都无法改变这一点。\n\n审查意见：\n{{findings}}\n\n"
     "此案件只能撤回，或待保护情形结束后重新提交。在此期间申请阶段不设期限，"
     "不会发送逾期提醒，也不会升级。\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}因法定保护情形（劳动合同法第四十二条）暂不能解除，补充材料无法解决，"
     "只能撤回或待保护期结束后重新提交；详见邮件或系统。"},
    {"case_blocked", "en",
     "[Cannot proceed] Case {{case_id}}: a statutory protection applies",
     "Hello {{recipient}},\n\nCase {{case_id}} (employee: {{employee_name|employee}}) is back at the "
     "request stage. The employee is under a statutory protection (LCL Art. 42): the contract may not "
     "be ended on this ground while it lasts, and no evidence can change that.\n\nReview "
     "findings:\n{{findings}}\n\nThe case can only be withdrawn, or submitted again once the "
     "protection has ended. Until then the request stage has no deadline: no overdue reminder or "
     "escalation follows.\n\n{{url|}}\n",
     "[HR] Case {{case_id}} cannot proceed: a statutory protection (LCL Art. 42) applies and no "
     "evidence cures it; withdraw it or resubmit after it ends. See the email or the system."},
    // A protection that does not end before the retirement age (LCL 42(5)): nothing to wait for,
    // so the manager is not asked to submit again once it ends - the case is withdrawn.
    {"case_blocked_lasting", "zh-CN",
     "[不能解除] 案件 {{case_id}}：法定保护情形",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）已退回至申请阶段。"
     "员工处于法定保护情形（《中华人民共和国劳动合同法》第四十二条），不得以该理由解除劳动合同，"
     "补充任何材料都无法改变这一点；该情形在员工达到法定退休年龄之前不会消失，等待无益。\n\n审查意见：\n{{findings}}\n\n"
     "请撤回此案件。员工如有第三十九条规定的过错，可另行以该理由申请。申请阶段不设期限，"
     "不会发送逾期提醒，也不会升级。\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}因法定保护情形（劳动合同法第四十二条）不能解除，该情形在法定退休年龄前不会消失，"
     "请撤回；详见邮件或系统。"},
    {"case_blocked_lasting", "en",
     "[Cannot proceed] Case {{case_id}}: a lasting statutory protection applies",
     "Hello {{recipient}},\n\nCase {{case_id}} (employee: {{employee_name|employee}}) is back at the "
     "request stage. The employee is under a statutory protection (LCL Art. 42): the contract may not "
     "be ended on this ground, no evidence can change that, and the protection does not end before "
     "the statutory retirement age, so there is nothing to wait for.\n\nReview findings:\n{{findings}}\n\n"
     "Please withdraw the case. Where the employee is at fault under LCL Art. 39, a case on that "
     "ground stays possible. The request stage has no deadline: no overdue reminder or escalation "
     "follows.\n\n{{url|}}\n",
     "[HR] Case {{case_id}} cannot proceed: a statutory protection (LCL Art. 42) applies until the "
     "retirement age; withdraw it. See the email or the system."},
    {"case_withdrawn", "zh-CN",
     "[已撤回] 案件 {{case_id}}",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）已由 {{withdrawn_by}} "
     "撤回（撤回时处于「{{stage|}}」阶段），不再继续办理。{{interview|}}\n撤回原因：{{reason|}}\n\n"
     "此案件无需您再做任何事。\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}已撤回，不再办理。{{interview|}}"},
    {"case_withdrawn", "en",
     "[Withdrawn] Case {{case_id}}",
     "Hello {{recipient}},\n\nCase {{case_id}} (employee: {{employee_name|employee}}) was withdrawn by "
     "{{withdrawn_by}} (at the \"{{stage|}}\" stage) and will not go on. {{interview|}}\n"
     "Reason: {{reason|}}\n\nNothing more is needed from you for this case.\n\n{{url|}}\n",
     "[HR] Case {{case_id}} was withdrawn and will not go on. {{interview|}}"},
    {"interview_scheduled", "zh-CN",
     "[面谈安排] 案件 {{case_id}}：{{interview_zh|at|interview}}",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）的面谈已安排：{{interview_zh|at|interview}} {{place|}}。"
     "请于面谈当天在系统中确认出席（面谈日之前无法确认）。\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}面谈已安排：{{interview_zh|at|interview}} {{place|}}，请于当天在系统中确认出席。"},
    {"interview_scheduled", "en",
     "[Interview] Case {{case_id}}: {{at|interview}}",
     "Hello {{recipient}},\n\nThe interview for case {{case_id}} (employee: {{employee_name|employee}}) is scheduled: "
     "{{at|interview}} {{place|}}. Please confirm your attendance in the system on the day of the "
     "interview (it cannot be confirmed before that day).\n\n{{url|}}\n",
     "[HR] Case {{case_id}} interview: {{at|interview}} {{place|}}; please confirm attendance on the day."},
    // To the employee concerned: a meeting, its time and place, who attends and whom to ask -
    // never the case, its ground or the word dismissal (an SMS may be read on a shared phone).
    // accompany is the workflow's sentence on being accompanied (a union only when there is
    // one); the reference lets them look the meeting up.
    {"interview_invite", "zh-CN",
     "面谈邀请：{{date}} {{time}}",
     "{{recipient}}，您好：\n\n{{inviter|}}邀请您参加一次面谈。\n\n时间：{{date}} {{time}}\n地点：{{place}}\n"
     "出席：{{attendees|}}\n联系人：{{contact_name|}} {{contact_email|}} {{contact_mobile|}}\n\n"
     "{{accompany|}}\n如您有希望说明的情况或相关材料，可在面谈时提出或带来。如时间不便，请尽早告知联系人。\n\n"
     "参考编号：{{case_id}}\n\n此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}通知：您好，请于{{date}} {{time}}到{{place}}参加面谈。可请一名同事陪同，可带材料并说明您的情况。"
     "如需改期或有疑问请联系{{contact_name|}} {{contact_mobile|contact_email|}}。"},
    {"interview_invite", "en",
     "Meeting invitation: {{date}} {{time}}",
     "Hello {{recipient}},\n\n{{inviter|}} invites you to a meeting.\n\nTime: {{date}} {{time}}\nPlace: {{place}}\n"
     "Attending: {{attendees|}}\nContact: {{contact_name|}} {{contact_email|}} {{contact_mobile|}}\n\n"
     "{{accompany|}}\nIf there is anything you wish to explain, you may raise it at the meeting and bring "
     "related documents. If the time does not suit you, please tell the contact person as soon as possible.\n\n"
     "Reference: {{case_id}}\n\nThis message was sent automatically; please do not reply.\n",
     "[Notice] Please come to a meeting on {{date}} {{time}} at {{place}}. You may bring a colleague and "
     "documents and give your side. To move the time or ask: {{contact_name|}} {{contact_mobile|contact_email|}}."},
    {"interview_moved", "zh-CN",
     "面谈时间变更：{{date}} {{time}}",
     "{{recipient}}，您好：\n\n原定于{{was}}的面谈改期，新的安排如下。\n\n时间：{{date}} {{time}}\n"
     "地点：{{place}}\n出席：{{attendees|}}\n联系人：{{contact_name|}} {{contact_email|}} {{contact_mobile|}}\n\n"
     "{{accompany|}}\n如时间不便，请尽早告知联系人。\n\n参考编号：{{case_id}}\n\n"
     "此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}通知：您好，原定{{was}}的面谈改为{{date}} {{time}}，地点{{place}}。如有疑问请联系{{contact_name|}} "
     "{{contact_mobile|contact_email|}}。"},
    {"interview_moved", "en",
     "Meeting moved: {{date}} {{time}}",
     "Hello {{recipient}},\n\nThe meeting set for {{was}} has moved. It is now:\n\nTime: {{date}} {{time}}\n"
     "Place: {{place}}\nAttending: {{attendees|}}\nContact: {{contact_name|}} {{contact_email|}} "
     "{{contact_mobile|}}\n\n{{accompany|}}\nIf the time does not suit you, please tell the contact person "
     "as soon as possible.\n\nReference: {{case_id}}\n\nThis message was sent automatically; please do not "
     "reply.\n",
     "[Notice] The meeting set for {{was}} is now on {{date}} {{time}} at {{place}}. Questions: "
     "{{contact_name|}} {{contact_mobile|contact_email|}}."},
    {"interview_cancelled", "zh-CN",
     "面谈取消：{{date}} {{time}}",
     "{{recipient}}，您好：\n\n原定于{{date}} {{time}}在{{place}}的面谈取消，您无需出席。\n\n"
     "如有疑问，请联系{{contact_name|}} {{contact_email|}} {{contact_mobile|}}。\n\n参考编号：{{case_id}}\n\n"
     "此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}通知：您好，原定{{date}} {{time}}在{{place}}的面谈取消，您无需出席。如有疑问请联系{{contact_name|}} "
     "{{contact_mobile|contact_email|}}。"},
    {"interview_cancelled", "en",
     "Meeting cancelled: {{date}} {{time}}",
     "Hello {{recipient}},\n\nThe meeting set for {{date}} {{time}} at {{place}} is cancelled; you need not "
     "attend.\n\nIf you have any question, please contact {{contact_name|}} {{contact_email|}} "
     "{{contact_mobile|}}.\n\nReference: {{case_id}}\n\nThis message was sent automatically; please do not "
     "reply.\n",
     "[Notice] The meeting set for {{date}} {{time}} at {{place}} is cancelled; you need not attend. "
     "Questions: {{contact_name|}} {{contact_mobile|contact_email|}}."},
    {"outcome_ready", "zh-CN",
     "[结果已记录] 案件 {{case_id}}",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）的结果已记录：{{documents|outcome}}。"
     "请在系统中查看，结案所需的各项事务由 HR 办理。\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}的结果已记录，请在系统中查看。"},
    {"outcome_ready", "en",
     "[Outcome recorded] Case {{case_id}}",
     "Hello {{recipient}},\n\nThe outcome of case {{case_id}} (employee: {{employee_name|employee}}) is "
     "recorded: {{documents|outcome}}. You can read it in the system; HR handles the closing "
     "duties.\n\n{{url|}}\n",
     "[HR] Case {{case_id}}: the outcome is recorded; see the system."},
    {"case_rescinded", "zh-CN",
     "[通知撤销] 案件 {{case_id}}：劳动关系继续",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）的{{ending_word}}劳动合同通知已于"
     "{{agreement_date}}经员工同意撤销，劳动关系继续。\n{{documents|}}\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}的{{ending_word}}劳动合同通知已于{{agreement_date}}经员工同意撤销，劳动关系继续。"},
    {"case_rescinded", "en",
     "[Notice rescinded] Case {{case_id}}: the employment continues",
     "Hello {{recipient}},\n\nThe notice of {{ending_word_en}} of case {{case_id}} (employee: "
     "{{employee_name|employee}}) was rescinded with the employee's agreement of {{agreement_date}}; "
     "the employment continues.\n{{documents|}}\n\n{{url|}}\n",
     "[HR] Case {{case_id}}: the notice of {{ending_word_en}} was rescinded by agreement of "
     "{{agreement_date}}; the employment continues."},
    {"employment_continues", "zh-CN",
     "您的劳动关系继续",
     "{{recipient}}，您好：\n\n{{inviter|}}通知您：经您于{{agreement_date}}同意，此前向您送达的{{ending_word}}劳动合同通知已撤销，"
     "您与公司的劳动关系继续。{{documents|}}\n\n如有疑问，请联系 {{contact_name|}} {{contact_email|}} {{contact_mobile|}}。"
     "\n\n参考编号：{{case_id}}\n\n此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}通知：经您于{{agreement_date}}同意，此前送达您的通知已撤销，您与公司的劳动关系继续。{{more|}}"
     "如有疑问请联系{{contact_name|}} {{contact_mobile|contact_email|}}。"},
    {"employment_continues", "en",
     "Your employment continues",
     "Hello {{recipient}},\n\n{{inviter|}} informs you that, with your agreement of {{agreement_date}}, the "
     "notice of {{ending_word_en}} served on you earlier is rescinded: your employment with the company continues. "
     "{{documents|}}\n\nIf you have any question, please contact {{contact_name|}} {{contact_email|}} "
     "{{contact_mobile|}}.\n\nReference: {{case_id}}\n\nThis message was sent automatically; please do not "
     "reply.\n",
     "{{inviter|}}: with your agreement of {{agreement_date}}, the notice you were given is withdrawn and "
     "your employment continues. {{more|}}Questions: "
     "{{contact_name|}} {{contact_mobile|contact_email|}}."},
    // An award or judgment ordered the contract to continue (LCL Art. 48): to the manager and HR,
    // the case, the award and what is theirs to do (documents: in the reader's language).
    {"case_reinstated", "zh-CN",
     "[恢复劳动关系] 案件 {{case_id}}：裁决/判决 {{award_ref}}",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）：{{award_date}}的裁决/判决（{{award_ref}}）"
     "认定{{ending_word}}无效，劳动合同继续履行（《中华人民共和国劳动合同法》第四十八条），工龄连续计算。\n\n{{documents|}}\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}：裁决/判决{{award_ref}}恢复劳动关系，请在系统中查看需办理的事项。"},
    {"case_reinstated", "en",
     "[Reinstated] Case {{case_id}}: award {{award_ref}}",
     "Hello {{recipient}},\n\nCase {{case_id}} (employee: {{employee_name|employee}}): the award or judgment "
     "{{award_ref}} of {{award_date}} holds the {{ending_word_en}} void and orders the contract to continue (LCL "
     "Art. 48); the employee's service is continuous.\n\n{{documents|}}\n\n{{url|}}\n",
     "[HR] Case {{case_id}}: award {{award_ref}} reinstates the employee; see the system for what to do."},
    // To the employee: private as employment_continues is - no case id in the subject or SMS, no
    // dispute or termination in the SMS; the sender and whom to ask about coming back named.
    {"employment_reinstated", "zh-CN",
     "您的劳动关系继续",
     "{{recipient}}，您好：\n\n{{inviter|}}通知您：根据{{award_date}}的裁决/判决（{{award_ref}}），"
     "您与公司的劳动合同继续履行，劳动关系没有中断，工龄连续计算。\n\n"
     "请联系 {{contact_name|}} {{contact_email|}} {{contact_mobile|}}，确认返回工作岗位的时间、地点和工作安排。"
     "\n\n参考编号：{{case_id}}\n\n此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}通知：您好，您与公司的劳动关系继续，工龄连续计算，详见邮件。请联系{{contact_name|}} "
     "{{contact_mobile|contact_email|}}确认返岗安排。"},
    {"employment_reinstated", "en",
     "Your employment continues",
     "Hello {{recipient}},\n\n{{inviter|}} informs you that, under the award or judgment {{award_ref}} of "
     "{{award_date}}, your employment contract with the company continues: your employment was not "
     "interrupted and your service is continuous.\n\nPlease contact {{contact_name|}} {{contact_email|}} "
     "{{contact_mobile|}} to agree when and where you return to work and what you will be doing.\n\n"
     "Reference: {{case_id}}\n\nThis message was sent automatically; please do not reply.\n",
     "{{inviter|}}: your employment continues and your service is continuous; see the email. To "
     "arrange your return: {{contact_name|}} {{contact_mobile|contact_email|}}."},
    // A later judgment set that reinstatement aside (LDML Art. 50): to the manager and HR, the
    // case, the award, the judgment and what is theirs to do (documents: in the reader's language).
    {"case_reinstatement_set_aside", "zh-CN",
     "[恢复劳动关系被撤销] 案件 {{case_id}}：判决 {{judgment_ref}}",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）：{{judgment_date}}的判决（{{judgment_ref}}）"
     "撤销了恢复劳动关系的裁决/判决 {{award_ref}}（{{award_date}}）（《中华人民共和国劳动争议调解仲裁法》第五十条）。"
     "{{ending_word}}重新成立，劳动合同于{{effective_date}}{{ending_word}}。\n\n{{documents|}}\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}：判决{{judgment_ref}}撤销了恢复劳动关系的裁决{{award_ref}}，请在系统中查看需办理的事项。"},
    {"case_reinstatement_set_aside", "en",
     "[Reinstatement set aside] Case {{case_id}}: judgment {{judgment_ref}}",
     "Hello {{recipient}},\n\nCase {{case_id}} (employee: {{employee_name|employee}}): the judgment {{judgment_ref}} "
     "of {{judgment_date}} sets aside the award or judgment {{award_ref}} of {{award_date}} that reinstated the "
     "employee (LDMAL Art. 50). The {{ending_word_en}} stands: the contract ended on {{effective_date}}.\n\n"
     "{{documents|}}\n\n{{url|}}\n",
     "[HR] Case {{case_id}}: judgment {{judgment_ref}} sets aside the reinstatement by {{award_ref}}; see the "
     "system for what to do."},
    // To the employee: private as employment_reinstated is - no case id in the subject or SMS, no
    // judgment or termination in the SMS; the email says what the judgment decided and whom to ask.
    {"employment_reinstatement_set_aside", "zh-CN",
     "关于您劳动关系的判决",
     "{{recipient}}，您好：\n\n{{inviter|}}通知您：{{judgment_date}}的判决（{{judgment_ref}}）撤销了{{award_date}}"
     "的裁决/判决（{{award_ref}}）中恢复劳动关系的决定。依该判决，公司{{ending_word}}劳动合同的决定成立，"
     "您与公司的劳动合同于{{effective_date}}{{ending_word}}。\n\n"
     "尚未办理的离职手续（{{ending_word}}劳动合同的证明，档案和社会保险关系的转移）由公司依法办理"
     "（《中华人民共和国劳动合同法》第五十条）。如您已依裁决返回工作岗位，请与 HR 确认离岗安排。\n\n"
     "如有疑问，请联系 {{contact_name|}} {{contact_email|}} {{contact_mobile|}}。"
     "\n\n参考编号：{{case_id}}\n\n此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}通知：您好，关于您劳动关系的判决已作出，详见邮件。如有疑问请联系{{contact_name|}} "
     "{{contact_mobile|contact_email|}}。"},
    {"employment_reinstatement_set_aside", "en",
     "About your employment: a court judgment",
     "Hello {{recipient}},\n\n{{inviter|}} informs you that the judgment {{judgment_ref}} of {{judgment_date}} sets "
     "aside the reinstatement ordered by the award or judgment {{award_ref}} of {{award_date}}. As that judgment "
     "decided, the company's {{ending_word_en}} of your employment contract stands: the contract ended on "
     "{{effective_date}}.\n\nThe company completes the leaving formalities not done yet (the certificate "
     "of {{ending_word_en}}, the transfer of your file and social insurance) as the law requires (LCL Art. 50). If you went back to work under the award, please "
     "agree with HR when you leave.\n\nIf you have any question, please contact {{contact_name|}} "
     "{{contact_email|}} {{contact_mobile|}}.\n\nReference: {{case_id}}\n\nThis message was sent "
     "automatically; please do not reply.\n",
     "{{inviter|}}: a court judgment about your employment has been given; see the email. Questions: "
     "{{contact_name|}} {{contact_mobile|contact_email|}}."},
    {"protection_recorded", "zh-CN",
     "[法定保护] 案件 {{case_id}}：请在送达或终止前复核",
     "{{recipient}}，您好：\n\n人员名册新记录了案件 {{case_id}}（员工：{{employee_name|employee}}）员工的法定保护情形"
     "（《中华人民共和国劳动合同法》第四十二条），审核时并无此记载（{{findings}}）。依第四十条、第四十一条在此期间解除属违法解除（第八十七条）。"
     "请在系统中查看该案件（hrctl case show {{case_id}}），决定：撤回案件、暂缓，或经员工同意撤销已送达的{{ending_word}}劳动合同通知。\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}的员工新记录了法定保护情形（劳动合同法第四十二条），请在系统中复核该案件。"},
    {"protection_recorded", "en",
     "[Protected] Case {{case_id}}: check it before the notice takes effect",
     "Hello {{recipient}},\n\nThe directory now records a statutory protection (LCL Art. 42) for the employee "
     "of case {{case_id}} ({{employee_name|employee}}) that the review did not see ({{findings}}). A dismissal "
     "under LCL 40 or 41 while it lasts is unlawful (LCL 87). Please look at the case in the system "
     "(hrctl case show {{case_id}}) and decide: withdraw the case, wait, or rescind the notice of "
     "{{ending_word_en}} served, with the employee's agreement.\n\n{{url|}}\n",
     "[HR] Case {{case_id}}: a statutory protection (LCL 42) is now recorded for the employee; please "
     "check the case."},
    {"case_handed_on", "zh-CN",
     "[已转交] 案件 {{case_id}}：{{left_no}} 已离职",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工：{{employee_name|employee}}）中 {{left_no}} 负责的事项，因其已于{{left_date_zh|left_date}}离职"
     "（人员名册 left_date），系统已自动转交：{{moved}}。案件经理现为 {{manager_no}}。"
     "如需交给他人，请使用 hrctl case reassign。\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}：{{left_no}}已离职，系统已转交，案件经理现为{{manager_no}}。"},
    {"case_handed_on", "en",
     "[Handed on] Case {{case_id}}: {{left_no}} has left",
     "Hello {{recipient}},\n\n{{left_no}} left on {{left_date}} (the directory's left_date), so the system handed "
     "on what they held in case {{case_id}} (employee: {{employee_name|employee}}): {{moved}}. The case's manager "
     "is now {{manager_no}}. To hand it to someone else: hrctl case reassign.\n\n{{url|}}\n",
     "[HR] Case {{case_id}}: {{left_no}} left; the system handed it on, manager now {{manager_no}}."},
    // To the union (LCL 43): the reasons of a rescission by the employer alone, before it, with
    // the employee, the ground in the statute's words, the notice day proposed and the day its
    // opinion is asked by. The SMS names no one and no ground (a phone's lock screen shows it).
    {"union_notice", "zh-CN",
     "[通知工会] 解除劳动合同的理由（编号 {{case_id}}）",
     "{{recipient}}，您好：\n\n{{inviter|}}依照《中华人民共和国劳动合同法》第四十三条，在解除劳动合同之前将理由通知工会：\n\n"
     "员工：{{employee_name|employee_no}}（工号 {{employee_no}}）\n解除依据：{{ground_article|ground}}“{{ground_text|}}”\n"
     "事实和理由：{{reasons|}}\n拟送达解除通知书的日期：{{notice_date|}}\n\n"
     "请工会研究后于{{opinion_by|}}前提出书面意见。工会认为本单位违反法律、行政法规规定或者劳动合同约定的，有权要求本单位纠正；"
     "本单位将研究工会的意见，并将处理结果书面通知工会。书面通知函（解除劳动合同通知工会函）另行送达工会签收。\n\n"
     "参考编号：{{case_id}}\n\n此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}通知工会：一项解除劳动合同的理由已依法书面通知工会，详见邮件，请按期提出意见。"},
    {"union_notice", "en",
     "[To the union] Reasons for rescinding a labour contract (ref. {{case_id}})",
     "Hello {{recipient}},\n\nUnder Article 43 of the Labour Contract Law, {{inviter|}} notifies the union of the "
     "reasons before rescinding a labour contract:\n\nEmployee: {{employee_name|employee_no}} (employee no. "
     "{{employee_no}})\nGround: {{ground_article|ground}}, \"{{ground_text|}}\"\nFacts and reasons: {{reasons|}}\n"
     "The day the notice of rescission is proposed to be served: {{notice_date|}}\n\nThe union is asked to give "
     "its opinion in writing by {{opinion_by|}}. Where the union considers that the company violates laws, "
     "administrative regulations or the labour contract, it has the right to require the company to correct it; "
     "the company will study the union's opinion and notify the union of its handling in writing. The letter "
     "to the union follows on paper, for the union to sign for.\n\nReference: {{case_id}}\n\nThis message was "
     "sent automatically; please do not reply.\n",
     "{{inviter|}}: the reasons for an intended rescission of a labour contract were sent to the union by "
     "email; please give the union's opinion by the date given."},
    // To the payroll office (role payroll): an outcome fixes money to pay - the employee, each
    // amount the case computed and when it falls due (notice pay by the contract's last day,
    // Reg. 20; severance at the work handover, LCL 50), and how a payment is recorded. No bank
    // details (payroll has them). The SMS names no one and no amount.
    {"payment_due", "zh-CN",
     "[待付款] 案件 {{case_id}}：离职款项待支付",
     "{{recipient}}，您好：\n\n案件 {{case_id}} 已记录{{ending_word}}结果，以下款项须支付给员工 {{employee_name|employee_no}}（工号 {{employee_no}}）：\n\n"
     "经济补偿：{{severance}}，{{severance_due}}支付（《劳动合同法》第五十条第二款）\n"
     "代通知金：{{notice_pay}}，不迟于劳动合同最后一日（{{last_day}}）支付（《劳动合同法实施条例》第二十条）\n"
     "违法解除或终止劳动合同的赔偿金：{{unlawful_compensation}}\n尚未支付合计：{{owed}}\n\n"
     "截至劳动合同最后一日的工资、未休年休假工资由薪资部门核算，在{{ending_word}}劳动合同时一次付清。"
     "未按时支付经济补偿的，劳动行政部门可责令限期支付，逾期须加付应付金额百分之五十至百分之一百的赔偿金（第八十五条）。\n\n"
     "结算清单：hrctl case document {{case_id}} pay_statement\n付款后登记：hrctl case pay {{case_id}} --item 款项 --amount 金额 --method bank --reference 流水号 --date 付款日期\n\n"
     "此邮件由系统自动发送，请勿直接回复。\n",
     "薪资提醒：案件{{case_id}}有离职款项待支付，详见邮件。"},
    {"payment_due", "en",
     "[Payment due] Case {{case_id}}: money to pay on leaving",
     "Hello {{recipient}},\n\nThe outcome of case {{case_id}} is recorded; the following is to be paid to the "
     "employee {{employee_name|employee_no}} (employee no. {{employee_no}}):\n\n"
     "Severance: {{severance}}, paid {{severance_due}} (LCL Art. 50 para 2)\n"
     "Notice pay: {{notice_pay}}, paid no later than the contract's last day ({{last_day}}; Reg. Art. 20)\n"
     "Compensation for an unlawful ending: {{unlawful_compensation}}\nStill owed in all: {{owed}}\n\n"
     "Wages up to the last day and untaken annual leave are payroll's to compute, paid in full when the "
     "contract ends. Severance not paid as required may be ordered paid by a date, and past it 50% to 100% "
     "more is owed (LCL Art. 85).\n\nStatement: hrctl case document {{case_id}} pay_statement\n"
     "Once paid, record it: hrctl case pay {{case_id}} --item ITEM --amount YUAN --method bank "
     "--reference REF --date DATE\n\nThis message was sent automatically; please do not reply.\n",
     "[Payroll] Case {{case_id}}: money is due to a leaver; see the email."},
    // To the employee: what happens to them once the outcome is recorded (the case ends) - the
    // ending and the contract's last day, the notice served and how they received it, each
    // amount and when it is paid (LCL 50 para 2: severance at the work handover; notice pay by
    // the last day, Reg. Art. 20), the certificate issued at the ending (LCL 50) and where to
    // collect it, the transfer to come. The workflow gives the dates as the reader's documents
    // write them (2026年12月1日; ISO in English) and the sentences in the reader's language. The
    // SMS says the ending, the last day and the money; {{more}} is the workflow's: "详见邮件" when
    // an email goes too (the SMS then within two parts), else what the email says of the
    // certificate, the transfer and the arbitration limit in short (within four parts), so that
    // an employee with a mobile only reads it all. The case id is the email's reference only.
    {"employment_ended", "zh-CN",
     "关于您劳动合同{{ending_word}}的事项",
     "{{recipient}}，您好：\n\n{{inviter|}}通知您：您与公司的劳动合同于{{last_day}}{{ending_word}}，"
     "{{last_day}}是劳动合同的最后一日。\n{{served|}}\n\n应支付给您的款项：\n{{money}}\n\n{{certificate|}}\n"
     "{{transfer|}}\n{{arbitration|}}\n\n如有疑问，请联系{{contact_name|}} {{contact_email|}} {{contact_mobile|}}。"
     "\n\n参考编号：{{case_id}}\n\n此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}：您的劳动合同于{{last_day}}{{ending_word}}。{{money_sms|}}{{more|}}"
     "咨询{{contact_name|}} {{contact_mobile|contact_email|}}。"},
    {"employment_ended", "en",
     "About the {{ending_word_en}} of your employment contract",
     "Hello {{recipient}},\n\n{{inviter|}} informs you that your employment contract with the company "
     "ends ({{ending_word_en}}) on {{last_day}}, the contract's last day.\n{{served|}}\n\n"
     "What the company pays you:\n{{money}}\n\n{{certificate|}}\n{{transfer|}}\n{{arbitration|}}\n\n"
     "If you have any question, please contact {{contact_name|}} {{contact_email|}} {{contact_mobile|}}."
     "\n\nReference: {{case_id}}\n\nThis message was sent automatically; please do not reply.\n",
     "{{inviter|}}: your employment contract ends on {{last_day}}. {{money_sms|}}{{more|}}"
     "Questions: {{contact_name|}} {{contact_mobile|contact_email|}}."},
    // To the employee: a payment to them recorded as paid - what it is for (经济补偿, 代通知金,
    // 赔偿金, ...), the amount to the fen, the day and how, and what is still owed.
    {"payment_made", "zh-CN",
     "款项支付通知：{{item}}",
     "{{recipient}}，您好：\n\n{{inviter|}}通知您：公司已于{{paid_date}}向您支付{{item}}{{amount}}"
     "（{{method}}{{reference|}}）。\n{{owed|}}\n\n如有疑问，请联系{{contact_name|}} {{contact_email|}} "
     "{{contact_mobile|}}。\n\n参考编号：{{case_id}}\n\n此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}通知：公司已于{{paid_date}}向您支付{{item_sms|item}}{{amount_sms|amount}}（{{method}}）。{{owed_sms|}}{{more|}}"
     "如有疑问请联系{{contact_name|}} {{contact_mobile|contact_email|}}。"},
    {"payment_made", "en",
     "Payment to you: {{item}}",
     "Hello {{recipient}},\n\n{{inviter|}} informs you that the company paid you {{item}}, {{amount}}, "
     "on {{paid_date}} ({{method}}{{reference|}}).\n{{owed|}}\n\nIf you have any question, please "
     "contact {{contact_name|}} {{contact_email|}} {{contact_mobile|}}.\n\nReference: {{case_id}}\n\n"
     "This message was sent automatically; please do not reply.\n",
     "{{inviter|}}: the company paid you {{item}}, {{amount}}, on {{paid_date}} ({{method}}). {{owed_sms|}}{{more|}}"
     "Questions: {{contact_name|}} {{contact_mobile|contact_email|}}."},
    // To the employee: a payment to them reversed - a correction of the records: what the
    // reversed row said was paid, the amount, its day, the correction's day and what is still
    // owed now. No reason: HR's note is theirs.
    {"payment_reversed", "zh-CN",
     "款项记录更正：{{item}}",
     "{{recipient}}，您好：\n\n{{inviter|}}通知您：此前告知您公司已于{{paid_date}}向您支付{{item}}{{amount}}"
     "（{{method}}），该付款记录已于{{corrected_date}}更正撤销，这笔款项不再计为已支付。\n{{owed|}}\n\n"
     "如有疑问，请联系{{contact_name|}} {{contact_email|}} {{contact_mobile|}}。\n\n参考编号：{{case_id}}\n\n"
     "此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}：{{paid_date}}向您支付{{item_sms|item}}{{amount_sms|amount}}的记录已更正撤销。"
     "{{owed_sms|}}{{more|}}咨询{{contact_name|}} {{contact_mobile|contact_email|}}。"},
    {"payment_reversed", "en",
     "Payment record corrected: {{item}}",
     "Hello {{recipient}},\n\n{{inviter|}} informs you that the payment to you of {{item}}, {{amount}}, "
     "on {{paid_date}} ({{method}}), of which you were told, was reversed in the records on "
     "{{corrected_date}}: it no longer counts as paid.\n{{owed|}}\n\nIf you have any question, please "
     "contact {{contact_name|}} {{contact_email|}} {{contact_mobile|}}.\n\nReference: {{case_id}}\n\n"
     "This message was sent automatically; please do not reply.\n",
     "{{inviter|}}: the record of {{item}}, {{amount}}, paid to you on {{paid_date}} was reversed. "
     "{{owed_sms|}}{{more|}}Questions: {{contact_name|}} {{contact_mobile|contact_email|}}."},
    // To the employee: the certificate of the ending recorded issued (LCL 50), on its day, and
    // where to collect it if it was not handed over (collect: the workflow's sentence).
    {"certificate_issued", "zh-CN",
     "《{{certificate_title}}》已出具",
     "{{recipient}}，您好：\n\n{{inviter|}}通知您：公司已于{{done_date}}为您出具《{{certificate_title}}》"
     "（《中华人民共和国劳动合同法》第五十条）。{{collect|}}\n\n如有疑问，请联系{{contact_name|}} {{contact_email|}} "
     "{{contact_mobile|}}。\n\n参考编号：{{case_id}}\n\n此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}通知：您好，公司已于{{done_date}}为您出具《{{certificate_title}}》，如尚未收到，"
     "请联系{{contact_name|}} {{contact_mobile|contact_email|}}领取。"},
    {"certificate_issued", "en",
     "Your {{certificate_title}} has been issued",
     "Hello {{recipient}},\n\n{{inviter|}} informs you that the company issued your {{certificate_title}} "
     "on {{done_date}} (LCL Art. 50). {{collect|}}\n\nIf you have any question, please contact "
     "{{contact_name|}} {{contact_email|}} {{contact_mobile|}}.\n\nReference: {{case_id}}\n\n"
     "This message was sent automatically; please do not reply.\n",
     "{{inviter|}}: your {{certificate_title}} was issued on {{done_date}}; if you do not have it, "
     "ask {{contact_name|}} {{contact_mobile|contact_email|}}."},
    // To the employee: the transfer of their file and social insurance recorded done (LCL 50:
    // within fifteen days of the ending).
    {"transfer_done", "zh-CN",
     "档案和社会保险关系转移手续已办理",
     "{{recipient}}，您好：\n\n{{inviter|}}通知您：您的档案和社会保险关系转移手续已于{{done_date}}办理完成"
     "（《中华人民共和国劳动合同法》第五十条）。\n\n如有疑问，请联系{{contact_name|}} {{contact_email|}} {{contact_mobile|}}。"
     "\n\n参考编号：{{case_id}}\n\n此邮件由系统自动发送，请勿直接回复。\n",
     "{{inviter|}}通知：您的档案和社会保险关系转移手续已于{{done_date}}办理完成。{{more|}}"
     "如有疑问请联系{{contact_name|}} {{contact_mobile|contact_email|}}。"},
    {"transfer_done", "en",
     "Your file and social insurance have been transferred",
     "Hello {{recipient}},\n\n{{inviter|}} informs you that the transfer of your file and social "
     "insurance was completed on {{done_date}} (LCL Art. 50).\n\nIf you have any question, please "
     "contact {{contact_name|}} {{contact_email|}} {{contact_mobile|}}.\n\nReference: {{case_id}}\n\n"
     "This message was sent automatically; please do not reply.\n",
     "{{inviter|}}: the transfer of your file and social insurance was completed on {{done_date}}. "
     "{{more|}}Questions: {{contact_name|}} {{contact_mobile|contact_email|}}."},
    // To the payroll office again: what a case owes changed after payment_due (the notice revoked,
    // a reinstatement, one set aside): why, each amount before and now to the fen, what was paid
    // and what is still owed. The SMS names no one and no amount.
    {"payment_changed", "zh-CN",
     "[付款变更] 案件 {{case_id}}：应付款项有变化",
     "{{recipient}}，您好：\n\n案件 {{case_id}}（员工 {{employee_name|employee_no}}，工号 {{employee_no}}）的应付款项有变化：{{why}}。\n\n"
     "经济补偿：原为 {{severance_was}}，现为 {{severance}}\n"
     "代通知金：原为 {{notice_pay_was}}，现为 {{notice_pay}}\n"
     "违法解除或终止劳动合同的赔偿金：原为 {{unlawful_compensation_was}}，现为 {{unlawful_compensation}}\n"
     "已支付（扣除冲销）：{{paid}}\n尚未支付合计：{{owed}}\n\n"
     "请按现在的金额办理，此前的付款提醒以本邮件为准。结算清单：hrctl case document {{case_id}} pay_statement\n\n"
     "此邮件由系统自动发送，请勿直接回复。\n",
     "薪资提醒：案件{{case_id}}的应付款项有变化，详见邮件。"},
    {"payment_changed", "en",
     "[Payment changed] Case {{case_id}}: what is owed changed",
     "Hello {{recipient}},\n\nWhat case {{case_id}} owes the employee {{employee_name|employee_no}} (employee no. "
     "{{employee_no}}) changed: {{why}}.\n\n"
     "Severance: was {{severance_was}}, now {{severance}}\n"
     "Notice pay: was {{notice_pay_was}}, now {{notice_pay}}\n"
     "Compensation for an unlawful ending: was {{unlawful_compensation_was}}, now {{unlawful_compensation}}\n"
     "Paid (net of reversals): {{paid}}\nStill owed in all: {{owed}}\n\n"
     "Pay the amounts as they are now; this replaces the earlier payment notice. Statement: hrctl case document "
     "{{case_id}} pay_statement\n\nThis message was sent automatically; please do not reply.\n",
     "[Payroll] Case {{case_id}}: what is owed changed; see the email."},
    {"delivery_failed", "zh-CN",
     "[提醒未送达] 案件 {{case_id}}",
     "{{recipient}}，您好：\n\n案件 {{case_id}} 的一条提醒（{{failed_template}}，步骤 "
     "{{step|}}）未能通过 {{channel}} 送达 {{person_name|person_no}}。\n原因：{{reason}}\n\n"
     "请通过其他方式联系对方，并在系统中查看该案件。\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}的提醒未能通过{{channel}}送达{{person_name|person_no}}，请在系统中查看。"},
    {"delivery_failed", "en",
     "[Reminder not delivered] Case {{case_id}}",
     "Hello {{recipient}},\n\nA reminder of case {{case_id}} ({{failed_template}}, step "
     "{{step|}}) could not be delivered by {{channel}} to {{person_name|person_no}}.\n"
     "Reason: {{reason}}\n\nPlease reach them another way and check the case in the system."
     "\n\n{{url|}}\n",
     "[HR] Case {{case_id}}: a reminder to {{person_name|person_no}} failed by {{channel}}; "
     "please check the case."},
    {"delivery_unknown", "zh-CN",
     "[提醒可能已送达] 案件 {{case_id}}",
     "{{recipient}}，您好：\n\n案件 {{case_id}} 的一条提醒（{{failed_template}}，步骤 "
     "{{step|}}）通过 {{channel}} 发给 {{person_name|person_no}} 后没有收到服务商的答复，"
     "可能已经送达，也可能没有。\n原因：{{reason}}\n\n为免重复，系统不会再次发送；"
     "请向对方确认是否收到，并在系统中查看该案件。\n\n{{url|}}\n",
     "HR提醒：案件{{case_id}}发给{{person_name|person_no}}的{{channel}}提醒可能已送达，未再发送，请向对方确认。"},
    {"delivery_unknown", "en",
     "[Reminder may have arrived] Case {{case_id}}",
     "Hello {{recipient}},\n\nA reminder of case {{case_id}} ({{failed_template}}, step "
     "{{step|}}) went by {{channel}} to {{person_name|person_no}} but the provider never "
     "answered: it may have arrived, or not.\nReason: {{reason}}\n\nIt is not sent again, so "
     "that nobody gets it twice; please check with them and look at the case in the system."
     "\n\n{{url|}}\n",
     "[HR] Case {{case_id}}: a {{channel}} reminder to {{person_name|person_no}} may have "
     "arrived; not sent again - please check with them."},
    {"test", "zh-CN",
     "hr-dismissal 测试消息",
     "{{recipient}}，您好：\n\n这是一条来自 hr-notify 的测试消息。{{note|}}\n",
     "HR提醒：这是一条测试消息。{{note|}}"},
    {"test", "en",
     "hr-dismissal test message",
     "Hello {{recipient}},\n\nThis is a test message from hr-notify. {{note|}}\n",
     "[HR] This is a test message. {{note|}}"},
};

const char *const nt_template_ids[] = {
    "step_assigned",
    "due_soon",
    "overdue_1",
    "overdue_2",
    "case_returned",
    "case_blocked",
    "case_blocked_lasting",
    "case_withdrawn",
    "interview_scheduled",
    "interview_invite",
    "interview_moved",
    "interview_cancelled",
    "outcome_ready",
    "case_rescinded",
    "employment_continues",
    "case_reinstated",
    "employment_reinstated",
    "case_reinstatement_set_aside",
    "employment_reinstatement_set_aside",
    "test",
    "delivery_failed",
    "delivery_unknown",
    "protection_recorded",
    "case_handed_on",
    "union_notice",
    "payment_due",
    "employment_ended",
    "payment_made",
    "transfer_done",
    "payment_changed",
    "payment_reversed",
    "certificate_issued",
    NULL,
};
// clang-format on

bool nt_template_lang_is_valid(const char *lang)
{
    return lang && (!strcmp(lang, "zh-CN") || !strcmp(lang, "en"));
}

bool nt_template_exists(const char *id)
{
    for (size_t i = 0; id && nt_template_ids[i]; i++)
        if (!strcmp(nt_template_ids[i], id))
            return true;
    return false;
}

void nt_html_escape(nt_buf_t *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&':
            nt_buf_adds(b, "&amp;");
            break;
        case '<':
            nt_buf_adds(b, "&lt;");
            break;
        case '>':
            nt_buf_adds(b, "&gt;");
            break;
        case '"':
            nt_buf_adds(b, "&quot;");
            break;
        case '\'':
            nt_buf_adds(b, "&#39;");
            break;
        default:
            nt_buf_add(b, p, 1);
        }
    }
}

static const char *s_lookup(const nt_var_t *vars, size_t n, const char *key, size_t klen)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(vars[i].key) == klen && !memcmp(vars[i].key, key, klen))
            return vars[i].value;
    return NULL;
}

// {{a|b|c}}: the first of a, b, c with a non-empty value; "-" when none has one, "" when the
// list ends with "|" (an optional variable).
static const char *s_resolve(const nt_var_t *vars, size_t n, const char *spec, size_t len)
{
    const char *end = spec + len;
    while (spec < end) {
        const char *bar = memchr(spec, '|', (size_t)(end - spec));
        size_t klen = bar ? (size_t)(bar - spec) : (size_t)(end - spec);
        const char *v = klen ? s_lookup(vars, n, spec, klen) : NULL;
        if (v && *v)
            return v;
        if (!bar)
            return "-";
        spec = bar + 1;
    }
    return ""; // ended with '|'
}

// Expands {{name}} in tpl. one_line: control characters of the values become spaces.
static char *s_expand(const char *tpl, const nt_var_t *vars, size_t n, bool one_line)
{
    nt_buf_t b = {0};
    const char *p = tpl;
    while (*p) {
        const char *open = strstr(p, "{{");
        const char *close = open ? strstr(open + 2, "}}") : NULL;
        if (!open || !close) {
            nt_buf_adds(&b, p);
            break;
        }
        nt_buf_add(&b, p, (size_t)(open - p));
        const char *v = s_resolve(vars, n, open + 2, (size_t)(close - open - 2));
        size_t start = b.len;
        nt_buf_adds(&b, v);
        if (one_line)
            for (size_t i = start; i < b.len; i++)
                if ((unsigned char)b.data[i] < 0x20 || (unsigned char)b.data[i] == 0x7F)
                    b.data[i] = ' ';
        p = close + 2;
    }
    return nt_buf_take(&b, NULL);
}

// HTML part: the text escaped, blank lines as paragraphs, other line breaks as <br>.
static char *s_html(const char *text)
{
    nt_buf_t b = {0};
    nt_buf_adds(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>"
                    "<body style=\"font-family:sans-serif\">\n<p>");
    char *copy = hr_strdup(text);
    for (char *p = copy; *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        nt_html_escape(&b, p);
        if (!nl)
            break;
        p = nl + 1;
        if (*p == '\n') {
            nt_buf_adds(&b, "</p>\n<p>");
            while (*p == '\n')
                p++;
        } else if (*p) {
            nt_buf_adds(&b, "<br>\n");
        }
    }
    hr_free(copy);
    nt_buf_adds(&b, "</p>\n</body></html>\n");
    return nt_buf_take(&b, NULL);
}

hr_rc_t nt_template_render(const char *id, const char *lang, const nt_var_t *vars, size_t n,
                           nt_rendered_t *out)
{
    if (!nt_template_lang_is_valid(lang))
        return HR_EINVAL;
    for (size_t i = 0; i < HR_ARRAY_LEN(s_templates); i++) {
        const s_template_t *t = &s_templates[i];
        if (strcmp(t->id, id) || strcmp(t->lang, lang))
            continue;
        out->subject = s_expand(t->subject, vars, n, true);
        out->text = s_expand(t->text, vars, n, false);
        out->html = s_html(out->text);
        out->short_text = s_expand(t->short_text, vars, n, true);
        return HR_OK;
    }
    return HR_EINVAL;
}

void nt_rendered_free(nt_rendered_t *r)
{
    hr_free(r->subject);
    hr_free(r->text);
    hr_free(r->html);
    hr_free(r->short_text);
}

// ---------------------------------------------------------------------------------------------
// Masking: what a long-lived record (the event log) keeps of a recipient.

static bool s_local_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '%' || c == '+' || c == '-';
}

char *nt_mask_text(hr_arena_t *arena, const char *text)
{
    size_t len = text ? strlen(text) : 0;
    char *out = hr_arena_alloc(arena, 2 * len + 8); // a mask is never much longer
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        bool starts = i == 0 || !s_local_char(text[i - 1]);
        // An e-mail address: its local part becomes its first character and "***".
        if (starts && s_local_char(text[i])) {
            size_t j = i;
            while (j < len && s_local_char(text[j]))
                j++;
            if (j < len && text[j] == '@') {
                out[o++] = text[i];
                memcpy(out + o, "***", 3);
                o += 3;
                i = j;
                continue;
            }
        }
        // A run of 7 or more digits (a mobile number): the first 3 and the last 4 stay.
        bool digit_starts = i == 0 || !(text[i - 1] >= '0' && text[i - 1] <= '9');
        if (digit_starts && text[i] >= '0' && text[i] <= '9') {
            size_t d = i;
            while (d < len && text[d] >= '0' && text[d] <= '9')
                d++;
            if (d - i >= 7) {
                memcpy(out + o, text + i, 3);
                o += 3;
                memcpy(out + o, "****", 4); // always four: the length is not told either
                o += 4;
                memcpy(out + o, text + d - 4, 4);
                o += 4;
                i = d;
                continue;
            }
        }
        out[o++] = text[i++];
    }
    out[o] = '\0';
    return out;
}
