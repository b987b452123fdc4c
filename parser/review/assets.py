"""CSS, script and labels inlined into every review page (no CDN, no web fonts).

Why inline: the page is one file an archivist can mail, open from a USB stick
or an air-gapped PC; a Content-Security-Policy meta tag forbids any network
load, so what passes the browser test here renders the same offline.
"""
from __future__ import annotations

#: Top-level JSON groups in page order, with a Vietnamese gloss and a hue for their highlights.
GROUPS: dict[str, tuple[str, int]] = {
    "document": ("Văn bản", 210),
    "issuer": ("Cơ quan ban hành", 265),
    "issuers": ("Các cơ quan ban hành", 265),
    "signer": ("Người ký", 330),
    "signers": ("Các người ký", 330),
    "legal_basis": ("Căn cứ", 25),
    "references": ("Văn bản dẫn chiếu", 45),
    "commemorations": ("Kỷ niệm", 300),
    "period": ("Thời gian thực hiện", 175),
    "phases": ("Giai đoạn", 160),
    "sections": ("Bố cục", 240),
    "tasks": ("Nhiệm vụ", 120),
    "assignments": ("Phân công", 95),
    "quotas": ("Chỉ tiêu", 5),
    "rewards": ("Khen thưởng", 50),
    "deadlines": ("Thời hạn", 350),
    "recipients": ("Nơi nhận", 190),
    "archive_copy": ("Lưu", 140),
    "warnings": ("Cảnh báo", 0),
}

#: Groups whose spans cover whole parts of the text: outlined, not filled, unless selected.
REGION_GROUPS = frozenset({"sections", "assignments"})
#: Any span longer than this is drawn as a region too (a task of a whole paragraph).
REGION_MIN_CHARS = 600

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

FONT_STACK = ('system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", '
              '"Liberation Sans", Arial, sans-serif')


def group_css() -> str:
    """One hue variable per group: marks, value cards and legend share it."""
    return "\n".join(f".g-{name}{{--h:{hue}}}" for name, (_, hue) in GROUPS.items())


CSS = """
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font-family:%(font)s;font-size:15px;line-height:1.5;color:#1d1d1f;background:#f6f6f4}
header.top{padding:12px 18px;background:#fff;border-bottom:1px solid #ddd}
header.top h1{font-size:19px;margin:0 0 4px}
header.top .sub{color:#555;font-size:13px}
.quality{display:inline-block;margin:6px 8px 0 0;padding:2px 8px;border-radius:10px;font-size:13px;font-weight:600}
.lvl-good .quality,.quality.lvl-good{background:#dff3e3;color:#17602a}
.lvl-check .quality,.quality.lvl-check{background:#fff1cc;color:#7a5200}
.lvl-doubtful .quality,.quality.lvl-doubtful{background:#fde0de;color:#8d1b12}
ul.warnings{margin:8px 0 0;padding-left:20px;font-size:14px}
ul.warnings li{margin:2px 0}
ul.warnings code{background:#fde0de;padding:0 4px;border-radius:3px}
.legend{margin-top:8px;font-size:13px}
.legend label{display:inline-block;margin:2px 8px 2px 0;padding:1px 6px;border-radius:4px;
  background:hsl(var(--h) 80%% 60%% / .22);border-bottom:2px solid hsl(var(--h) 70%% 42%%);cursor:pointer}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:0}
.pane{height:100vh;overflow:auto;position:sticky;top:0;padding:14px 18px}
.pane.text{background:#fff;border-right:1px solid #ddd}
.doc-text{white-space:pre-wrap;word-wrap:break-word;line-height:1.8;font-size:15px}
mark{background:hsl(var(--h) 85%% 60%% / .22);border-bottom:2px solid hsl(var(--h) 70%% 42%%);color:inherit;
  padding:0;border-radius:2px;cursor:pointer}
mark.region{background:none;border-bottom:none;box-shadow:inset 0 -1px 0 hsl(var(--h) 60%% 45%% / .5)}
mark.active{background:hsl(var(--h) 90%% 55%% / .45);outline:2px solid hsl(var(--h) 75%% 38%%);outline-offset:1px}
mark.region.active{background:hsl(var(--h) 90%% 60%% / .16)}
mark.flash{animation:flash 1.4s ease-out 1}
@keyframes flash{0%%{background:#ffe34d;outline-color:#d40}40%%{background:#ffe34d}100%%{}}
%(hide)s
.values h2{font-size:15px;margin:18px 0 6px;padding:3px 8px;border-left:5px solid hsl(var(--h) 70%% 45%%);
  background:hsl(var(--h) 70%% 92%%)}
.values h2 .key{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;color:#555;margin-left:6px}
.values h2 .n{color:#666;font-weight:normal;font-size:12px;margin-left:4px}
.item{background:#fff;border:1px solid #ddd;border-left:4px solid hsl(var(--h) 70%% 45%%);border-radius:4px;
  padding:6px 8px;margin:6px 0;font-size:14px}
.item[data-target]{cursor:pointer}
.item.current{box-shadow:0 0 0 3px hsl(var(--h) 80%% 50%% / .5)}
.item .head{font-weight:600}
.item.nospan{border-left-style:dashed}
a.jump{color:inherit;text-decoration:none}
a.jump:hover,a.jump:focus{text-decoration:underline}
table.kv{border-collapse:collapse;width:100%%;margin-top:3px;font-size:13px}
table.kv th{text-align:left;vertical-align:top;color:#555;font-weight:normal;padding:1px 8px 1px 0;white-space:nowrap;
  font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;width:1%%}
table.kv td{vertical-align:top;padding:1px 0}
tr.click{cursor:pointer}
tr.current td,li.current{background:hsl(var(--h) 90%% 60%% / .25)}
tr.click td{text-decoration:underline dotted hsl(var(--h) 60%% 45%%)}
.null{color:#aaa}
ul.list{margin:0;padding-left:18px}
ul.tree{margin:0;padding-left:16px;font-size:14px}
ul.tree li{margin:1px 0}
.num{font-weight:600;margin-right:4px}
table.index{border-collapse:collapse;width:100%%;background:#fff;font-size:14px}
table.index th,table.index td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
table.index th{background:#eee;position:sticky;top:0}
table.index tr.lvl-doubtful td:first-child{border-left:5px solid #c62828}
table.index tr.lvl-check td:first-child{border-left:5px solid #e0a000}
table.index tr.lvl-good td:first-child{border-left:5px solid #2e7d32}
table.index td.err{color:#8d1b12}
table.index td.nowrap{white-space:nowrap}
.wrap{padding:14px 18px}
"""

SCRIPT = """
(function(){
  'use strict';
  var active=[], current=null;
  function flash(els){
    els.forEach(function(e){e.classList.remove('flash');});
    void document.body.offsetWidth;
    els.forEach(function(e){e.classList.add('active','flash');});
  }
  function show(id){
    var marks=[].slice.call(document.querySelectorAll('mark[data-m="'+id+'"]'));
    active.forEach(function(e){e.classList.remove('active','flash');});
    active=marks;
    if(current){current.classList.remove('current');}
    current=document.getElementById('v-'+id);
    if(current){current.classList.add('current');}
    if(!marks.length){return;}
    flash(marks);
    marks[0].scrollIntoView({block:'center',inline:'nearest'});
  }
  function showValue(id){
    var v=document.getElementById('v-'+id);
    if(!v){return;}
    if(current){current.classList.remove('current');}
    current=v; v.classList.add('current');
    v.scrollIntoView({block:'center',inline:'nearest'});
  }
  document.addEventListener('click',function(ev){
    var t=ev.target.closest('[data-target]');
    if(t){ev.preventDefault();show(t.getAttribute('data-target'));return;}
    var m=ev.target.closest('mark[data-m]');
    if(m){showValue(m.getAttribute('data-m'));}
  });
  document.addEventListener('keydown',function(ev){
    if(ev.key!=='Enter'&&ev.key!==' '){return;}
    var t=ev.target.closest&&ev.target.closest('[data-target]');
    if(t){ev.preventDefault();show(t.getAttribute('data-target'));}
  });
  [].forEach.call(document.querySelectorAll('.legend input[data-group]'),function(box){
    box.addEventListener('change',function(){
      document.body.classList.toggle('hide-'+box.getAttribute('data-group'),!box.checked);
    });
  });
  window.khReview={show:show};
})();
"""


def page_css() -> str:
    hide = "\n".join(
        f"body.hide-{g} mark.g-{g}:not(.active){{background:none;border-bottom-color:transparent;box-shadow:none}}"
        for g in GROUPS
    )
    return CSS % {"font": FONT_STACK, "hide": hide} + group_css()
